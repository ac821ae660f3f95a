// What must hold after chaos: one 1688 order per PO, no duplicate product, tracking on every shipped order, dead letters explained.
import { outOrderIdFor } from '../../src/mapping/order.js';
import { Store } from '../../src/state/store.js';
import type { Scenario } from './scenario.js';

export interface Findings {
  records: { offers: number; templates: number; variants: number; purchaseOrders: number; alibabaOrders: number; shippedOrders: number; packages: number };
  duplicates: { orders: number; templates: number; variants: number; suppliers: number };
  losses: { ordersMissing: number; orderIdNotOnPo: number; offersMissing: number; trackingMissing: number; stockStale: number };
  deadLetters: { total: number; unexplained: number; byCode: Record<string, number>; messages: string[] };
  /** One line per violation, for the report. */
  problems: string[];
}

/** A field value as text; many2one pairs and `false` give ''. */
const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
const extraCopies = (groups: Map<string, number>): number => sum([...groups.values()].map((n) => Math.max(0, n - 1)));
const countBy = (keys: string[]): Map<string, number> => {
  const out = new Map<string, number>();
  for (const k of keys) out.set(k, (out.get(k) ?? 0) + 1);
  return out;
};

export function checkInvariants(sc: Scenario): Findings {
  const { odoo, alibaba } = sc.sims;
  const problems: string[] = [];
  const store = new Store(sc.sims.state, { encryptionKey: sc.env.SYNC_STATE_KEY, mustExist: true });
  const letters = store.deadLetters.list();
  store.close();
  const dead = new Set(letters.map((d) => `${d.kind}:${d.key}`));

  // Purchase orders <-> 1688 orders, by outOrderId.
  const orders = alibaba.listOrders();
  const byOut = countBy(orders.map((o) => o.outOrderId ?? ''));
  const poRows = new Map(odoo.store.read('purchase.order', sc.pos, ['name', 'x_alibaba_order_id']).map((r) => [r.id as number, r]));
  let ordersMissing = 0;
  let orderIdNotOnPo = 0;
  let orderCopies = 0;
  for (const po of sc.pos) {
    const out = outOrderIdFor(odoo.db, po);
    const n = byOut.get(out) ?? 0;
    if (n > 1) problems.push(`PO ${po}: ${n} 1688 orders for ${out}`);
    orderCopies += Math.max(0, n - 1);
    if (n === 0 && !dead.has(`po:${po}`)) {
      ordersMissing += 1;
      problems.push(`PO ${po}: no 1688 order and no dead letter`);
    }
    const order = orders.find((o) => o.outOrderId === out);
    if (order && poRows.get(po)?.x_alibaba_order_id !== order.orderId) {
      orderIdNotOnPo += 1;
      problems.push(`PO ${po}: x_alibaba_order_id is ${str(poRows.get(po)?.x_alibaba_order_id)}, 1688 says ${order.orderId}`);
    }
  }
  const strays = orders.filter((o) => !sc.pos.some((po) => outOrderIdFor(odoo.db, po) === o.outOrderId));
  for (const o of strays) problems.push(`1688 order ${o.orderId} (${o.outOrderId ?? 'no outOrderId'}) belongs to no PO`);

  // Products: one template per offer, one active variant per SKU spec, one vendor per supplier.
  const templates = odoo.store.searchRead('product.template', [['x_alibaba_offer_id', '!=', false]], ['x_alibaba_offer_id']);
  const offerOf = new Map(templates.map((t) => [t.id as number, str(t.x_alibaba_offer_id)]));
  const templateGroups = countBy([...offerOf.values()]);
  const variants = odoo.store.searchRead('product.product', [['x_alibaba_spec_id', '!=', false]], ['x_alibaba_spec_id', 'product_tmpl_id']);
  const variantGroups = countBy(variants.map((v) => `${offerOf.get((v.product_tmpl_id as [number, string])[0]) ?? '?'}:${str(v.x_alibaba_spec_id)}`));
  const suppliers = odoo.store.searchRead('res.partner', [['x_alibaba_supplier_id', '!=', false]], ['x_alibaba_supplier_id']);
  const supplierGroups = countBy(suppliers.map((s) => str(s.x_alibaba_supplier_id)));
  for (const [key, n] of [...templateGroups, ...variantGroups, ...supplierGroups]) if (n > 1) problems.push(`${n} Odoo records for ${key}`);
  const offersMissing = sc.offers.filter((o) => !templateGroups.has(o) && !dead.has(`offer:${o}`));
  for (const o of offersMissing) problems.push(`offer ${o}: no product template and no dead letter`);

  // Supplier stock: each offer's variants add up to what 1688 has on sale now.
  const stockRows = odoo.store.searchRead('product.product', [['product_tmpl_id.x_alibaba_offer_id', '!=', false]], ['product_tmpl_id', 'x_alibaba_supplier_stock']);
  const odooStock = new Map<string, number>();
  for (const v of stockRows) {
    const offer = offerOf.get((v.product_tmpl_id as [number, string])[0]) ?? '?';
    odooStock.set(offer, (odooStock.get(offer) ?? 0) + (typeof v.x_alibaba_supplier_stock === 'number' ? v.x_alibaba_supplier_stock : 0));
  }
  const stale = alibaba.listOffers().filter((o) => templateGroups.has(o.productId) && odooStock.get(o.productId) !== o.stock);
  for (const o of stale) problems.push(`offer ${o.productId}: supplier stock in Odoo ${odooStock.get(o.productId) ?? 0}, on 1688 ${o.stock}`);

  // Every shipped order's waybills on its PO's receipt.
  const shipped = orders.filter((o) => o.packages.length > 0);
  let trackingMissing = 0;
  for (const o of shipped) {
    const po = sc.pos.find((p) => outOrderIdFor(odoo.db, p) === o.outOrderId);
    if (po === undefined) continue;
    const pickings = odoo.store.searchRead('stock.picking', [['purchase_id', '=', po]], ['carrier_tracking_ref', 'note']);
    const text = pickings.map((p) => `${str(p.carrier_tracking_ref)} ${str(p.note)}`).join(' ');
    const missing = o.packages.map((p) => p.trackingNumber).filter((t) => !text.includes(t));
    if (missing.length > 0 && !dead.has(`shipment:${o.orderId}`)) {
      trackingMissing += 1;
      problems.push(`1688 order ${o.orderId} (PO ${po}): ${missing.join(', ')} not on its receipt`);
    }
  }

  const unexplained = letters.filter((d) => !d.errorCode || d.errorMessage.trim() === '');
  for (const d of unexplained) problems.push(`dead letter ${d.id} (${d.kind} ${d.key}) has no code or message`);
  return {
    records: {
      offers: sc.offers.length,
      templates: templates.length,
      variants: variants.length,
      purchaseOrders: sc.pos.length,
      alibabaOrders: orders.length,
      shippedOrders: shipped.length,
      packages: sum(shipped.map((o) => o.packages.length)),
    },
    duplicates: {
      orders: orderCopies + strays.length,
      templates: extraCopies(templateGroups),
      variants: extraCopies(variantGroups),
      suppliers: extraCopies(supplierGroups),
    },
    losses: { ordersMissing, orderIdNotOnPo, offersMissing: offersMissing.length, trackingMissing, stockStale: stale.length },
    deadLetters: { total: letters.length, unexplained: unexplained.length, byCode: Object.fromEntries(countBy(letters.map((d) => `${d.kind}:${d.errorCode ?? '?'}`))),
      messages: letters.map((d) => `${d.kind} ${d.key}: ${d.errorMessage.slice(0, 300)}`),
    },
    problems,
  };
}
