// Reconcile's Odoo reads: the purchase orders in the window or linked to 1688 orders, their receipts' tracking, CNY rates.
import { htmlToText } from '../../mapping/order.js';
import type { PickingTracking } from '../../mapping/reconcile.js';
import type { OdooClient } from '../../odoo/client.js';
import { MODELS, fieldText, odooDatetime, type Domain, type OdooRecord } from '../../odoo/models.js';

/** What the comparison and loadOrders (lines, units, links) need of a purchase order. */
export const PO_FIELDS = [
  'name', 'state', 'partner_id', 'notes', 'origin', 'picking_type_id', 'amount_untaxed', 'currency_id',
  'x_alibaba_order_id', 'x_alibaba_status', 'date_approve', 'create_date', 'picking_ids',
];

/** Purchase orders of 1688 vendors (or naming a 1688 order), confirmed, done or cancelled, approved (else created) since `from`. */
export function windowDomain(from: Date): Domain {
  const since = odooDatetime(from);
  return [
    ['state', 'in', ['purchase', 'done', 'cancel']],
    '|', ['x_alibaba_order_id', '!=', false], ['partner_id.x_alibaba_supplier_id', '!=', false],
    '|', ['date_approve', '>=', since], '&', ['date_approve', '=', false], ['create_date', '>=', since],
  ];
}

export class PoReader {
  constructor(private readonly odoo: OdooClient) {}

  window(from: Date): Promise<OdooRecord[]> {
    return this.odoo.searchReadAll(MODELS.purchaseOrder, windowDomain(from), PO_FIELDS);
  }

  /** Missing ids are left out (a deleted PO). */
  byIds(ids: readonly number[]): Promise<OdooRecord[]> {
    return ids.length > 0 ? this.odoo.read(MODELS.purchaseOrder, ids, PO_FIELDS) : Promise.resolve([]);
  }

  byOrderIds(orderIds: readonly string[]): Promise<OdooRecord[]> {
    return orderIds.length > 0 ? this.odoo.searchReadAll(MODELS.purchaseOrder, [['x_alibaba_order_id', 'in', [...orderIds]]], PO_FIELDS) : Promise.resolve([]);
  }

  /** The ids among `ids` that also match `extra` (sync.ordersDomain: POs push-orders would consider). */
  async matching(ids: readonly number[], extra: readonly unknown[]): Promise<Set<number>> {
    if (ids.length === 0 || extra.length === 0) return new Set(ids);
    return new Set(await this.odoo.search(MODELS.purchaseOrder, [['id', 'in', [...ids]], ...(extra as Domain)]));
  }

  /** Per PO, its incoming receipts with the text where pull-shipments records waybills (tracking ref, else the note). */
  async receipts(pos: readonly OdooRecord[]): Promise<Map<number, PickingTracking[]>> {
    const pickingIds = pos.flatMap((p) => (Array.isArray(p.picking_ids) ? (p.picking_ids as number[]) : []));
    const out = new Map<number, PickingTracking[]>(pos.map((p) => [p.id, []]));
    if (pickingIds.length === 0) return out;
    const tracking = 'carrier_tracking_ref' in (await this.odoo.fieldsGet(MODELS.picking));
    const rows = await this.odoo.read(MODELS.picking, pickingIds, ['state', 'picking_type_code', 'note', ...(tracking ? ['carrier_tracking_ref'] : [])]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const po of pos) {
      const ids = Array.isArray(po.picking_ids) ? (po.picking_ids as number[]) : [];
      out.set(
        po.id,
        ids
          .map((id) => byId.get(id))
          .filter((r): r is OdooRecord => !!r && r.picking_type_code === 'incoming' && r.state !== 'cancel')
          .map((r) => ({
            open: r.state !== 'done',
            text: [fieldText(r.carrier_tracking_ref), typeof r.note === 'string' ? htmlToText(r.note) : ''].join('\n'),
          })),
      );
    }
    return out;
  }
}
