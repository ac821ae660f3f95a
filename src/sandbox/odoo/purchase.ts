// Purchase flow: confirm (incoming picking + moves, vendor on product), cancel, receipt validation, totals.
import type { Env, Rec, Val, Vals } from './types.js';
import { userError } from './faults.js';
import { create as ormCreate, write as ormWrite } from './orm-write.js';
import { displayName, num, str } from './values.js';

const PO = 'purchase.order';
const POL = 'purchase.order.line';
export const VENDOR_LOCATION = 4;
export const STOCK_LOCATION = 8;
export const RECEIPT_TYPE = 1;

export function round2(x: number): number {
  return Math.round((x + Number.EPSILON) * 100) / 100;
}

export function orderLines(env: Env, orderId: number): Rec[] {
  return env.store.referencing(POL, 'order_id', orderId).map((i) => env.store.get(POL, i) as Rec);
}

export function lineSubtotal(line: Rec): number {
  return round2(num(line.product_qty) * num(line.price_unit) * (1 - num(line.discount) / 100));
}

export function lineTax(env: Env, line: Rec): number {
  const taxes = Array.isArray(line.taxes_id) ? line.taxes_id : [];
  return round2(taxes.reduce<number>((s, t) => s + lineSubtotal(line) * num(env.store.get('account.tax', t as number)?.amount) / 100, 0));
}

export function orderAmounts(env: Env, order: Rec): { untaxed: number; tax: number; total: number } {
  const lines = orderLines(env, order.id).filter((l) => !l.display_type);
  const untaxed = round2(lines.reduce((s, l) => s + lineSubtotal(l), 0));
  const tax = round2(lines.reduce((s, l) => s + lineTax(env, l), 0));
  return { untaxed, tax, total: round2(untaxed + tax) };
}

export function orderPickings(env: Env, orderId: number): number[] {
  return env.store.referencing('stock.picking', 'purchase_id', orderId);
}

export function receiptStatus(env: Env, orderId: number): Val {
  const states = orderPickings(env, orderId).map((p) => str(env.store.get('stock.picking', p)?.state));
  if (!states.length || states.every((s) => s === 'cancel')) return false;
  if (states.every((s) => s === 'done' || s === 'cancel')) return 'full';
  return states.some((s) => s === 'done') ? 'partial' : 'pending';
}

export function qtyReceived(env: Env, lineId: number): number {
  return env.store.referencing('stock.move', 'purchase_line_id', lineId).map((m) => env.store.get('stock.move', m) as Rec)
    .filter((m) => m.state === 'done').reduce((s, m) => s + num(m.quantity), 0);
}

function storableLines(env: Env, lines: Rec[]): Rec[] {
  return lines.filter((l) => {
    if (l.display_type || typeof l.product_id !== 'number') return false;
    const tmplId = env.store.get('product.product', l.product_id)?.product_tmpl_id as number;
    return env.store.get('product.template', tmplId)?.type === 'consu';
  });
}

/** Creates the incoming picking (WH/IN/xxxxx) with pre-filled moves for the given lines. */
export function createReceipt(env: Env, order: Rec, lines: Rec[]): number | undefined {
  const sudo: Env = { ...env, sudo: true };
  const goods = storableLines(env, lines);
  if (!goods.length) return undefined;
  const dates = goods.map((l) => str(l.date_planned)).filter(Boolean).sort();
  const [pickingId] = ormCreate(sudo, 'stock.picking', [{
    picking_type_id: RECEIPT_TYPE, partner_id: order.partner_id as number, origin: str(order.name),
    purchase_id: order.id, location_id: VENDOR_LOCATION, location_dest_id: STOCK_LOCATION,
    scheduled_date: dates[0] ?? env.now(), state: 'assigned',
  }]);
  ormCreate(sudo, 'stock.move', goods.map((l): Vals => {
    const product = env.store.get('product.product', l.product_id as number) as Rec;
    return {
      name: displayName(env, 'product.product', product), product_id: product.id, product_uom_qty: num(l.product_qty),
      quantity: num(l.product_qty), product_uom: l.product_uom as number, state: 'assigned', picking_id: pickingId as number,
      purchase_line_id: l.id, origin: str(order.name), location_id: VENDOR_LOCATION, location_dest_id: STOCK_LOCATION,
      date: str(l.date_planned) || env.now(), partner_id: order.partner_id as number, picking_type_id: RECEIPT_TYPE,
    };
  }));
  return pickingId;
}

function addSupplierToProducts(env: Env, order: Rec): void {
  const sudo: Env = { ...env, sudo: true };
  for (const line of storableLines(env, orderLines(env, order.id))) {
    const tmplId = env.store.get('product.product', line.product_id as number)?.product_tmpl_id as number;
    const sellers = env.store.referencing('product.supplierinfo', 'product_tmpl_id', tmplId);
    if (sellers.length > 10 || sellers.some((s) => env.store.get('product.supplierinfo', s)?.partner_id === order.partner_id)) continue;
    ormCreate(sudo, 'product.supplierinfo', [{
      partner_id: order.partner_id as number, product_tmpl_id: tmplId, product_id: false, price: num(line.price_unit),
      currency_id: order.currency_id as number, min_qty: 1, delay: 0,
    }]);
  }
}

export function confirmOrders(env: Env, ids: number[]): Val {
  for (const id of ids) {
    const order = env.store.get(PO, id) as Rec;
    if (order.state !== 'draft' && order.state !== 'sent') continue;
    ormWrite({ ...env, sudo: true }, PO, [id], { state: 'purchase', date_approve: env.now() });
    createReceipt(env, env.store.get(PO, id) as Rec, orderLines(env, id));
    addSupplierToProducts(env, order);
  }
  return true;
}

export function cancelOrders(env: Env, ids: number[]): undefined {
  const sudo: Env = { ...env, sudo: true };
  for (const id of ids) {
    const order = env.store.get(PO, id) as Rec;
    const pickings = orderPickings(env, id).map((p) => env.store.get('stock.picking', p) as Rec);
    if (pickings.some((p) => p.state === 'done')) {
      throw userError(`Unable to cancel purchase order ${str(order.name)} as some receptions have already been done.`);
    }
    for (const p of pickings) {
      if (p.state === 'cancel') continue;
      const moves = env.store.referencing('stock.move', 'picking_id', p.id);
      if (moves.length) ormWrite(sudo, 'stock.move', moves, { state: 'cancel' });
      ormWrite(sudo, 'stock.picking', [p.id], { state: 'cancel' });
    }
    ormWrite(sudo, PO, [id], { state: 'cancel' });
  }
  return undefined;
}

/** stock.picking button_validate: done when quantities cover demand; partial needs skip_backorder. */
export function validatePickings(env: Env, ids: number[]): Val {
  const sudo: Env = { ...env, sudo: true };
  const pickings = ids.map((i) => env.store.get('stock.picking', i) as Rec).filter((p) => p.state !== 'done' && p.state !== 'cancel');
  const movesOf = (p: Rec): Rec[] => env.store.referencing('stock.move', 'picking_id', p.id).map((m) => env.store.get('stock.move', m) as Rec)
    .filter((m) => m.state !== 'cancel');
  for (const p of pickings) {
    if (movesOf(p).every((m) => num(m.quantity) <= 0)) {
      throw userError('You cannot validate a transfer if no quantities are reserved nor done. To force the transfer, encode quantities.');
    }
  }
  const partial = pickings.filter((p) => movesOf(p).some((m) => num(m.quantity) < num(m.product_uom_qty)));
  if (partial.length && !env.context.skip_backorder) {
    return {
      name: 'Create Backorder?', type: 'ir.actions.act_window', res_model: 'stock.backorder.confirmation',
      views: [[false, 'form']], target: 'new',
      context: { button_validate_picking_ids: pickings.map((p) => p.id), default_pick_ids: [[4, partial[0]?.id ?? 0]] },
    };
  }
  const noBackorder = Array.isArray(env.context.picking_ids_not_to_backorder) ? env.context.picking_ids_not_to_backorder : [];
  for (const p of pickings) {
    const rest: Vals[] = [];
    for (const m of movesOf(p)) {
      const remaining = num(m.product_uom_qty) - num(m.quantity);
      if (remaining > 0) rest.push({ ...pick(m), product_uom_qty: remaining, quantity: remaining, state: 'assigned' });
      ormWrite(sudo, 'stock.move', [m.id], { state: 'done', picked: true, product_uom_qty: Math.min(num(m.quantity), num(m.product_uom_qty)) });
    }
    ormWrite(sudo, 'stock.picking', [p.id], { state: 'done', date_done: env.now() });
    if (rest.length && !noBackorder.includes(p.id)) {
      const [bo] = ormCreate(sudo, 'stock.picking', [{ ...pick(p, ['state']), backorder_id: p.id, state: 'assigned' }]);
      ormCreate(sudo, 'stock.move', rest.map((v) => ({ ...v, picking_id: bo as number })));
    }
  }
  return true;
}

const COPY = ['picking_type_id', 'partner_id', 'origin', 'purchase_id', 'location_id', 'location_dest_id', 'scheduled_date',
  'name', 'product_id', 'product_uom', 'purchase_line_id', 'date', 'picking_id'];

function pick(rec: Rec, omit: string[] = []): Vals {
  const out: Vals = {};
  for (const k of COPY) {
    if (!(k in rec) || omit.includes(k)) continue;
    if (k === 'name' && !('product_id' in rec)) continue; // pickings get a fresh sequence name
    out[k] = rec[k] as Val;
  }
  return out;
}
