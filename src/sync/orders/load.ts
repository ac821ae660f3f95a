// Reads the purchase orders to push, with lines, units, vendors and delivery addresses, in a few batched calls.
import type { PartnerAddress } from '../../mapping/address.js';
import type { PurchaseOrderInput, VariantLink } from '../../mapping/order.js';
import type { Uom } from '../../mapping/units.js';
import type { OdooClient } from '../../odoo/client.js';
import { fieldText, m2oId, MODELS, type Domain, type OdooRecord } from '../../odoo/models.js';
import type { Store } from '../../state/store.js';

export interface LoadedOrder {
  po: PurchaseOrderInput;
  address: PartnerAddress | undefined;
  amountUntaxed: number;
  currency: string;
  alibabaOrderId: string | false;
}

const PO_FIELDS = ['name', 'state', 'partner_id', 'notes', 'origin', 'picking_type_id', 'amount_untaxed', 'currency_id', 'x_alibaba_order_id'];
const PARTNER_FIELDS = ['name', 'street', 'street2', 'city', 'zip', 'state_id', 'country_id', 'phone', 'mobile', 'x_alibaba_supplier_id'];

/** The domain of purchase orders waiting for a 1688 order: confirmed, 1688 vendor, no order id yet. */
export function pendingDomain(extra: readonly unknown[]): Domain {
  return [
    ['state', '=', 'purchase'],
    ['x_alibaba_order_id', '=', false],
    ['partner_id.x_alibaba_supplier_id', '!=', false],
    ...(extra as Domain),
  ];
}

export async function findOrderIds(odoo: OdooClient, options: { poNames: readonly string[]; extraDomain: readonly unknown[] }): Promise<OdooRecord[]> {
  const domain: Domain = options.poNames.length > 0 ? [['name', 'in', [...options.poNames]]] : pendingDomain(options.extraDomain);
  return odoo.searchReadAll(MODELS.purchaseOrder, domain, PO_FIELDS);
}

/** Loads everything the mapping needs for these purchase orders. */
export async function loadOrders(odoo: OdooClient, store: Store, pos: readonly OdooRecord[]): Promise<{ orders: LoadedOrder[]; links: Map<number, VariantLink> }> {
  if (pos.length === 0) return { orders: [], links: new Map() };
  const poFields = await odoo.fieldsGet(MODELS.purchaseOrder);
  const dropship = 'dest_address_id' in poFields;
  const extra = dropship ? await odoo.read(MODELS.purchaseOrder, pos.map((p) => p.id), ['dest_address_id']) : [];
  const dropshipOf = new Map(extra.map((r) => [r.id, m2oId(r.dest_address_id)]));
  const lines = await odoo.searchReadAll(MODELS.purchaseOrderLine, [['order_id', 'in', pos.map((p) => p.id)]], ['order_id', 'product_id', 'name', 'product_qty', 'product_uom', 'display_type']);
  const typeIds = [...new Set(pos.map((p) => m2oId(p.picking_type_id)).filter((id): id is number => id !== undefined))];
  const types = typeIds.length > 0 ? await odoo.read('stock.picking.type', typeIds, ['warehouse_id']) : [];
  const whIds = [...new Set(types.map((t) => m2oId(t.warehouse_id)).filter((id): id is number => id !== undefined))];
  const warehouses = whIds.length > 0 ? await odoo.read('stock.warehouse', whIds, ['partner_id']) : [];
  const whPartner = new Map(warehouses.map((w) => [w.id, m2oId(w.partner_id)]));
  const typePartner = new Map(types.map((t) => [t.id, whPartner.get(m2oId(t.warehouse_id) ?? 0)]));
  const addressOf = new Map(pos.map((p) => [p.id, dropshipOf.get(p.id) ?? typePartner.get(m2oId(p.picking_type_id) ?? 0)]));
  const partnerIds = [...new Set([...pos.map((p) => m2oId(p.partner_id)), ...addressOf.values()].filter((id): id is number => id !== undefined))];
  const partners = new Map((await odoo.read(MODELS.partner, partnerIds, PARTNER_FIELDS)).map((p) => [p.id, p]));
  const countryIds = [...new Set([...partners.values()].map((p) => m2oId(p.country_id)).filter((id): id is number => id !== undefined))];
  const countries = new Map((countryIds.length > 0 ? await odoo.read('res.country', countryIds, ['code']) : []).map((c) => [c.id, String(c.code)]));

  const links = new Map<number, VariantLink>();
  const uomIds = new Set<number>(lines.map((l) => m2oId(l.product_uom)).filter((id): id is number => id !== undefined));
  for (const l of lines) {
    const productId = m2oId(l.product_id);
    if (productId === undefined || links.has(productId)) continue;
    const link = store.links.byOdooId('sku', productId);
    const extra = link?.extra as { offerId?: string; specId?: string; supplierId?: string; uomId?: number } | null | undefined;
    if (!extra?.offerId || !extra.supplierId) continue;
    if (extra.uomId) uomIds.add(extra.uomId);
    links.set(productId, { offerId: extra.offerId, specId: extra.specId || undefined, supplierId: extra.supplierId, uom: { id: extra.uomId ?? 0, name: '', categoryId: 0, factor: 1 } });
  }
  const uoms = new Map<number, Uom>(
    (await odoo.read(MODELS.uom, [...uomIds], ['name', 'category_id', 'factor'])).map((u) => [u.id, { id: u.id, name: String(u.name), categoryId: m2oId(u.category_id) ?? 0, factor: Number(u.factor) }]),
  );
  for (const link of links.values()) link.uom = uoms.get(link.uom.id) ?? link.uom;

  const linesOf = new Map<number, OdooRecord[]>();
  for (const l of lines) {
    const id = m2oId(l.order_id) ?? 0;
    linesOf.set(id, [...(linesOf.get(id) ?? []), l]);
  }
  const orders = pos.map((p): LoadedOrder => {
    const vendor = partners.get(m2oId(p.partner_id) ?? 0);
    const addr = partners.get(addressOf.get(p.id) ?? 0);
    return {
      po: {
        id: p.id,
        name: String(p.name),
        vendorSupplierId: fieldText(vendor?.x_alibaba_supplier_id) || false,
        notes: typeof p.notes === 'string' ? p.notes : false,
        origin: typeof p.origin === 'string' ? p.origin : false,
        lines: (linesOf.get(p.id) ?? []).map((l) => ({
          id: l.id,
          productId: m2oId(l.product_id) ?? false,
          description: String(l.name),
          quantity: Number(l.product_qty),
          uom: uoms.get(m2oId(l.product_uom) ?? 0) ?? { id: 0, name: 'unknown unit', categoryId: -1, factor: 1 },
          displayType: typeof l.display_type === 'string' ? l.display_type : false,
        })),
      },
      address: addr
        ? {
            name: String(addr.name),
            street: addr.street as string | false,
            street2: addr.street2 as string | false,
            city: addr.city as string | false,
            zip: addr.zip as string | false,
            stateName: Array.isArray(addr.state_id) ? String(addr.state_id[1]) : false,
            countryCode: countries.get(m2oId(addr.country_id) ?? 0) ?? false,
            phone: addr.phone as string | false,
            mobile: addr.mobile as string | false,
          }
        : undefined,
      amountUntaxed: Number(p.amount_untaxed),
      currency: Array.isArray(p.currency_id) ? String(p.currency_id[1]) : 'CNY',
      alibabaOrderId: typeof p.x_alibaba_order_id === 'string' && p.x_alibaba_order_id ? p.x_alibaba_order_id : false,
    };
  });
  return { orders, links };
}
