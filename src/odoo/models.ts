// The Odoo models the tool touches: value types, field lists, the custom fields, and zod shapes of what it reads.
import { z } from 'zod';

/** A value Odoo accepts over XML-RPC (no null: Odoo uses False). */
export type OdooValue = string | number | boolean | readonly OdooValue[] | { readonly [key: string]: OdooValue };
export type OdooVals = { readonly [field: string]: OdooValue };
/** A search domain: leaves `[field, operator, value]` and the prefix operators '&', '|', '!'. */
export type Domain = readonly (readonly [string, string, OdooValue] | '&' | '|' | '!')[];
export type OdooRecord = Record<string, unknown> & { id: number };

/** A many2one as read: `[id, display_name]`, or false. */
export const Many2one = z.union([z.tuple([z.number().int(), z.string()]), z.literal(false)]);
export type Many2one = z.infer<typeof Many2one>;

/** The id of a many2one value, or undefined. */
/** A scalar field value as text ('' for false, lists and records). */
export function fieldText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint' ? String(value) : '';
}

export function m2oId(value: unknown): number | undefined {
  return Array.isArray(value) && typeof value[0] === 'number' ? value[0] : undefined;
}

export const VersionInfo = z.looseObject({
  server_version: z.string(),
  server_serie: z.string(),
  server_version_info: z.array(z.union([z.string(), z.number()])).optional(),
  protocol_version: z.number().optional(),
});
export type VersionInfo = z.infer<typeof VersionInfo>;

export const MODELS = {
  partner: 'res.partner',
  users: 'res.users',
  groups: 'res.groups',
  currency: 'res.currency',
  currencyRate: 'res.currency.rate',
  countryState: 'res.country.state',
  template: 'product.template',
  product: 'product.product',
  attribute: 'product.attribute',
  attributeValue: 'product.attribute.value',
  attributeLine: 'product.template.attribute.line',
  templateAttributeValue: 'product.template.attribute.value',
  supplierInfo: 'product.supplierinfo',
  category: 'product.category',
  uom: 'uom.uom',
  purchaseOrder: 'purchase.order',
  purchaseOrderLine: 'purchase.order.line',
  picking: 'stock.picking',
  carrier: 'delivery.carrier',
  module: 'ir.module.module',
  model: 'ir.model',
  field: 'ir.model.fields',
  message: 'mail.message',
} as const;

export type AccessOperation = 'read' | 'write' | 'create' | 'unlink';

/** What the sync flows do on each model, which `doctor` verifies for the integration user. */
export const REQUIRED_ACCESS: readonly (readonly [string, readonly AccessOperation[]])[] = [
  [MODELS.partner, ['read', 'write', 'create']],
  [MODELS.template, ['read', 'write', 'create']],
  [MODELS.product, ['read', 'write']],
  [MODELS.attribute, ['read', 'create']],
  [MODELS.attributeValue, ['read', 'create']],
  [MODELS.supplierInfo, ['read', 'write', 'create', 'unlink']],
  [MODELS.category, ['read']],
  [MODELS.uom, ['read']],
  [MODELS.currency, ['read']],
  [MODELS.currencyRate, ['read']],
  [MODELS.countryState, ['read']],
  [MODELS.purchaseOrder, ['read', 'write']],
  [MODELS.purchaseOrderLine, ['read']],
  [MODELS.picking, ['read', 'write']],
  [MODELS.carrier, ['read']],
];

export interface CustomFieldSpec {
  model: string;
  name: string;
  label: string;
  type: 'char' | 'integer' | 'datetime';
}

/** The custom fields the tool stores its links and the supplier's stock in; all stored, not copied. */
export const CUSTOM_FIELDS: readonly CustomFieldSpec[] = [
  { model: MODELS.partner, name: 'x_alibaba_supplier_id', label: 'Alibaba Supplier ID', type: 'char' },
  { model: MODELS.purchaseOrder, name: 'x_alibaba_order_id', label: 'Alibaba Order ID', type: 'char' },
  { model: MODELS.purchaseOrder, name: 'x_alibaba_status', label: 'Alibaba Status', type: 'char' },
  { model: MODELS.template, name: 'x_alibaba_offer_id', label: 'Alibaba Offer ID', type: 'char' },
  { model: MODELS.product, name: 'x_alibaba_sku_id', label: 'Alibaba SKU ID', type: 'char' },
  { model: MODELS.product, name: 'x_alibaba_spec_id', label: 'Alibaba Spec ID', type: 'char' },
  { model: MODELS.product, name: 'x_alibaba_supplier_stock', label: 'Alibaba Supplier Stock', type: 'integer' },
  { model: MODELS.product, name: 'x_alibaba_stock_read_at', label: 'Alibaba Stock Read At', type: 'datetime' },
];

/** Field lists read by the flows: only what they use, to keep replies small. */
export const FIELDS = {
  partner: ['name', 'is_company', 'street', 'street2', 'city', 'zip', 'state_id', 'country_id', 'phone', 'email', 'x_alibaba_supplier_id'],
  template: ['name', 'default_code', 'standard_price', 'categ_id', 'uom_id', 'uom_po_id', 'product_variant_ids', 'attribute_line_ids', 'x_alibaba_offer_id'],
  product: ['name', 'product_tmpl_id', 'default_code', 'barcode', 'combination_indices', 'product_template_attribute_value_ids', 'x_alibaba_sku_id', 'x_alibaba_spec_id'],
  purchaseOrder: ['name', 'state', 'partner_id', 'partner_ref', 'currency_id', 'date_order', 'date_planned', 'amount_total', 'order_line', 'picking_ids', 'x_alibaba_order_id', 'x_alibaba_status'],
  purchaseOrderLine: ['order_id', 'product_id', 'name', 'product_qty', 'product_uom', 'price_unit', 'qty_received', 'date_planned'],
  picking: ['name', 'state', 'origin', 'purchase_id', 'carrier_id', 'carrier_tracking_ref', 'scheduled_date', 'move_ids'],
  currency: ['name', 'active', 'rate'],
  currencyRate: ['name', 'rate', 'currency_id'],
} as const;

export const ModuleRow = z.looseObject({ id: z.number(), name: z.string(), state: z.string() });
export type ModuleRow = z.infer<typeof ModuleRow>;

export const CurrencyRow = z.looseObject({ id: z.number(), name: z.string(), active: z.boolean(), rate: z.number().optional() });
export type CurrencyRow = z.infer<typeof CurrencyRow>;

export const RateRow = z.looseObject({ id: z.number(), name: z.string(), rate: z.number() });
export type RateRow = z.infer<typeof RateRow>;

export const UserRow = z.looseObject({
  id: z.number(),
  login: z.string().optional(),
  email: z.union([z.string(), z.literal(false)]).optional(),
  groups_id: z.array(z.number()).optional(),
});
export type UserRow = z.infer<typeof UserRow>;

/** One field of `fields_get`. */
export const FieldInfo = z.looseObject({ type: z.string(), string: z.string().optional() });
export type FieldInfo = z.infer<typeof FieldInfo>;
export const FieldsGet = z.record(z.string(), FieldInfo);
export type FieldsGet = z.infer<typeof FieldsGet>;

const pad = (n: number): string => String(n).padStart(2, '0');

/** Odoo's datetime format (UTC, no zone): `2025-01-31 08:05:00`. */
export function odooDatetime(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

export function parseOdooDatetime(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  const date = new Date(`${value.replace(' ', 'T')}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
