// Initial data of a fresh Odoo 18 database (no demo): company, users, currencies, China, UoM, warehouse.
import type { Vals } from './types.js';
import type { OdooCore } from './core.js';
import { G } from './access.js';
import { create } from './orm-write.js';

export interface SeedUser {
  uid: number;
  login: string;
  password: string;
  name: string;
  email: string | false;
  groups: string[];
  apiKeys: string[];
}

export interface SeedOptions {
  users: SeedUser[];
  modules: Record<string, boolean>;
  cnyActive: boolean;
  cnyRate: number | undefined;
  customFields: boolean;
}

export const DEFAULT_MODULES: Record<string, boolean> = {
  base: true, web: true, mail: true, product: true, uom: true, account: true, purchase: true, stock: true,
  stock_delivery: true, purchase_stock: true, delivery: true, sale_management: false, mrp: false, website: false,
};

const PROVINCES: [string, string][] = [
  ['北京市', '京'], ['天津市', '津'], ['河北省', '冀'], ['山西省', '晋'], ['内蒙古自治区', '蒙'], ['辽宁省', '辽'],
  ['吉林省', '吉'], ['黑龙江省', '黑'], ['上海市', '沪'], ['江苏省', '苏'], ['浙江省', '浙'], ['安徽省', '皖'],
  ['福建省', '闽'], ['江西省', '赣'], ['山东省', '鲁'], ['河南省', '豫'], ['湖北省', '鄂'], ['湖南省', '湘'],
  ['广东省', '粤'], ['广西壮族自治区', '桂'], ['海南省', '琼'], ['重庆市', '渝'], ['四川省', '川'], ['贵州省', '黔'],
  ['云南省', '云'], ['西藏自治区', '藏'], ['陕西省', '陕'], ['甘肃省', '甘'], ['青海省', '青'], ['宁夏回族自治区', '宁'],
  ['新疆维吾尔自治区', '新'], ['台湾省', '台'], ['香港特别行政区', '港'], ['澳门特别行政区', '澳'],
];
/** 广东省 must get id 890 as on the measured server. */
const FIRST_PROVINCE_ID = 890 - 18;

export const CUSTOM_FIELDS: [string, string, string, string][] = [
  ['res.partner', 'x_alibaba_supplier_id', 'Alibaba Supplier ID', 'char'],
  ['purchase.order', 'x_alibaba_order_id', 'Alibaba Order ID', 'char'],
  ['purchase.order', 'x_alibaba_status', 'Alibaba Status', 'char'],
  ['product.template', 'x_alibaba_offer_id', 'Alibaba Offer ID', 'char'],
  ['product.product', 'x_alibaba_sku_id', 'Alibaba SKU ID', 'char'],
  ['product.product', 'x_alibaba_spec_id', 'Alibaba Spec ID', 'char'],
  ['product.product', 'x_alibaba_supplier_stock', 'Alibaba Supplier Stock', 'integer'],
  ['product.product', 'x_alibaba_stock_read_at', 'Alibaba Stock Read At', 'datetime'],
];

export function seed(core: OdooCore, opts: SeedOptions): void {
  const s = core.store;
  const now = core.now();
  const put = (model: string, id: number, vals: Vals): void => {
    s.insert(model, { create_date: now, write_date: now, create_uid: 1, write_uid: 1, ...vals, id });
  };
  const many = (model: string, rows: Vals[], firstId = 1): void => rows.forEach((r, i) => put(model, firstId + i, r));

  // Modules, ir.model and the base rows of ir.model.fields.
  Object.entries(opts.modules).forEach(([name, on], i) => put('ir.module.module', i + 1, {
    name, shortdesc: name, state: on ? 'installed' : 'uninstalled', latest_version: on ? '18.0.1.0' : false,
    application: ['purchase', 'stock', 'sale_management', 'mrp', 'website'].includes(name), sequence: 100,
  }));
  let fieldId = 1;
  core.registry.allDefs().forEach((def, i) => {
    const mid = i + 1;
    core.registry.modelIds.set(def.name, mid);
    put('ir.model', mid, { model: def.name, name: def.description, state: 'base', transient: false, modules: def.module });
    for (const [name, f] of Object.entries(def.fields)) {
      put('ir.model.fields', fieldId++, {
        name, model: def.name, model_id: mid, field_description: f.string, ttype: f.type, relation: f.relation ?? false,
        required: !!f.required, readonly: !!f.readonly, store: !f.compute && !f.related && f.type !== 'one2many',
        state: 'base', copied: false, index: false, related: false, selection: false, help: false,
      });
    }
  });

  many('res.groups', Object.values(G).map((label) => {
    const [category, name] = label.split('/') as [string, string];
    return { category, name };
  }));
  const groupIds = (labels: string[]): number[] => labels.map((l) => Object.values(G).indexOf(l as never) + 1).filter((i) => i > 0);

  many('res.currency', [
    { name: 'USD', full_name: 'United States dollar', symbol: '$', active: true, position: 'before' },
    { name: 'EUR', full_name: 'Euro', symbol: '€', active: false },
    { name: 'GBP', full_name: 'British pound', symbol: '£', active: false, position: 'before' },
    { name: 'JPY', full_name: 'Japanese yen', symbol: '¥', active: false, decimal_places: 0 },
    { name: 'HKD', full_name: 'Hong Kong dollar', symbol: '$', active: false, position: 'before' },
    { name: 'CNY', full_name: 'Chinese yuan', symbol: '¥', active: opts.cnyActive },
  ].map((c) => ({ rounding: 0.01, decimal_places: 2, position: 'after', ...c })));
  if (opts.cnyRate !== undefined) put('res.currency.rate', 1, { name: '2025-01-01', rate: opts.cnyRate, currency_id: 6, company_id: 1 });

  put('res.country', 48, { name: 'China', code: 'CN', phone_code: 86, currency_id: 6 });
  put('res.country', 98, { name: 'Hong Kong', code: 'HK', phone_code: 852, currency_id: 5 });
  put('res.country', 233, { name: 'United States', code: 'US', phone_code: 1, currency_id: 1 });
  PROVINCES.forEach(([name, code], i) => put('res.country.state', FIRST_PROVINCE_ID + i, { name, code, country_id: 48 }));

  const partner = (name: string, extra: Vals = {}): Vals => ({
    name, active: true, is_company: false, type: 'contact', parent_id: false, supplier_rank: 0, customer_rank: 0,
    lang: 'en_US', company_id: 1, email: false, ...extra,
  });
  put('res.partner', 1, partner('My Company', { is_company: true, email: 'info@yourcompany.com', street: '250 Executive Park Blvd, Suite 3400',
    city: 'San Francisco', zip: '94134', country_id: 233 }));
  put('res.partner', 2, partner('OdooBot', { email: 'odoobot@example.com', active: false }));
  put('res.company', 1, { name: 'My Company', partner_id: 1, currency_id: 1, country_id: 233, sequence: 10 });
  const userRow = (login: string, partnerId: number, groups: string[], active = true): Vals => ({
    login, partner_id: partnerId, groups_id: groupIds(groups), active, share: false, company_id: 1, company_ids: [1],
    signature: false, _password: '', _api_keys: [],
  });
  put('res.users', 1, userRow('__system__', 2, [], false));
  let nextPartner = 3;
  for (const u of opts.users) {
    const pid = nextPartner++;
    put('res.partner', pid, partner(u.name, { email: u.email }));
    put('res.users', u.uid, { ...userRow(u.login, pid, u.groups), _password: u.password, _api_keys: u.apiKeys });
  }

  many('product.category', [{ name: 'All', parent_id: false }, { name: 'Saleable', parent_id: 1 }]
    .map((c) => ({ ...c, property_cost_method: 'standard', property_valuation: 'manual_periodic' })));
  many('uom.category', [{ name: 'Unit' }, { name: 'Weight' }, { name: 'Working Time' }, { name: 'Length / Distance' }, { name: 'Volume' }]);
  many('uom.uom', [
    { name: 'Units', category_id: 1, uom_type: 'reference', factor: 1 },
    { name: 'Dozens', category_id: 1, uom_type: 'bigger', factor: 1 / 12 },
    { name: 'kg', category_id: 2, uom_type: 'reference', factor: 1 },
    { name: 'g', category_id: 2, uom_type: 'smaller', factor: 1000 },
    { name: 'Days', category_id: 3, uom_type: 'reference', factor: 1 },
    { name: 'Hours', category_id: 3, uom_type: 'smaller', factor: 8 },
    { name: 'm', category_id: 4, uom_type: 'reference', factor: 1 },
    { name: 'cm', category_id: 4, uom_type: 'smaller', factor: 100 },
    { name: 'L', category_id: 5, uom_type: 'reference', factor: 1 },
  ].map((u) => ({ ...u, rounding: u.factor === 1 && u.category_id === 1 ? 1 : 0.01, active: true })));
  many('account.tax', [
    { name: '15%', amount: 15, amount_type: 'percent', type_tax_use: 'sale', active: true, sequence: 1 },
    { name: '15%', amount: 15, amount_type: 'percent', type_tax_use: 'purchase', active: true, sequence: 1 },
  ]);
  many('stock.location', [
    { name: 'Physical Locations', usage: 'view', location_id: false },
    { name: 'Partners', usage: 'view', location_id: false },
    { name: 'Virtual Locations', usage: 'view', location_id: false },
    { name: 'Vendors', usage: 'supplier', location_id: 2 },
    { name: 'Customers', usage: 'customer', location_id: 2 },
    { name: 'Inventory adjustment', usage: 'inventory', location_id: 3 },
    { name: 'WH', usage: 'view', location_id: 1, company_id: 1 },
    { name: 'Stock', usage: 'internal', location_id: 7, company_id: 1 },
  ].map((l) => ({ active: true, company_id: false, ...l })));
  put('stock.warehouse', 1, { name: 'My Company', code: 'WH', partner_id: 1, company_id: 1, lot_stock_id: 8, in_type_id: 1, sequence: 10, active: true });
  many('stock.picking.type', [
    { name: 'Receipts', code: 'incoming', sequence_code: 'IN', default_location_src_id: 4, default_location_dest_id: 8 },
    { name: 'Delivery Orders', code: 'outgoing', sequence_code: 'OUT', default_location_src_id: 8, default_location_dest_id: 5 },
  ].map((t) => ({ ...t, warehouse_id: 1, sequence: 1, active: true, company_id: 1 })));
  many('mail.message.subtype', [{ name: 'Discussions', internal: false, sequence: 0 }, { name: 'Note', internal: true, sequence: 100 }]);

  const root = core.env(1, {}, true);
  if (opts.modules.stock_delivery !== false) {
    const [tmpl] = create(root, 'product.template', [{ name: 'Standard delivery', type: 'service', sale_ok: false, purchase_ok: false, list_price: 0 }]);
    const variant = s.referencing('product.product', 'product_tmpl_id', tmpl as number)[0] as number;
    put('delivery.carrier', 1, { name: 'Standard delivery', delivery_type: 'fixed', product_id: variant, tracking_url: false, fixed_price: 0, sequence: 10, active: true });
  }
  if (opts.customFields) addCustomFields(core);
  core.flags.registryCacheCleared = false;
}

/** Creates the project's custom fields as `doctor --fix` would (manual). */
export function addCustomFields(core: OdooCore, only?: string[]): void {
  const root = core.env(1, {}, true);
  for (const [model, name, label, ttype] of CUSTOM_FIELDS) {
    if (only && !only.includes(name)) continue;
    if (core.registry.field(model, name)) continue;
    create(root, 'ir.model.fields', [{ model_id: core.registry.modelIds.get(model) as number, name, field_description: label, ttype, state: 'manual' }]);
  }
}
