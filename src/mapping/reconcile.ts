// Pure: compares a 1688 order with its purchase order (status fit, line quantities, goods amount, tracking) and names the fix.
import { outOrderIdFor, type PurchaseOrderLine, type VariantLink } from './order.js';
import { convertToWhole } from './units.js';

export type Severity = 'error' | 'warning' | 'info';
/** Most severe first. */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** True when `severity` is `threshold` or worse (error > warning > info). */
export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}

export type DifferenceKind = 'only_1688' | 'only_odoo' | 'status' | 'quantity' | 'amount' | 'tracking';

/** What differs (`detail`) and what to do about it (`fix`). */
export interface Finding { severity: Severity; detail: string; fix: string }

export interface Difference extends Finding {
  kind: DifferenceKind;
  /** The purchase order's name, when there is one. */
  po: string | undefined;
  /** The 1688 order id, when there is one. */
  orderId: string | undefined;
}

/** Odoo purchase order states, grouped by what they mean for a 1688 order. */
export type PoStateGroup = 'confirmed' | 'cancelled' | 'draft';

export const poStateGroup = (state: string): PoStateGroup => (state === 'cancel' ? 'cancelled' : state === 'purchase' || state === 'done' ? 'confirmed' : 'draft');

/** `'fits'`, or what is wrong and how to fix it. */
export type Fit = 'fits' | Finding;

const finding = (severity: Severity, detail: string, fix: string): Finding => ({ severity, detail, fix });
const SHIPPED_FIT: Record<PoStateGroup, Fit> = {
  confirmed: 'fits',
  cancelled: finding('error', 'the purchase order is cancelled but the supplier has shipped', 'reinstate the PO to receive the goods, or arrange a return on 1688'),
  draft: finding('warning', 'the purchase order went back to draft after the supplier shipped', 'confirm the PO again to receive the goods'),
};
const CLOSED_FIT: Record<PoStateGroup, Fit> = {
  confirmed: finding('error', 'the 1688 order is closed but the purchase order is still confirmed', 'cancel the PO or re-order'),
  cancelled: 'fits',
  draft: 'fits',
};

/** Which 1688 order status fits which purchase order state; the `'fits'` cells are the consistent pairs. */
export const STATUS_FIT: Readonly<Record<string, Readonly<Record<PoStateGroup, Fit>>>> = {
  waitbuyerpay: {
    confirmed: 'fits',
    cancelled: finding('error', 'the purchase order is cancelled but the 1688 order is still waiting for payment', 'cancel on 1688 (unpaid, so it costs nothing)'),
    draft: finding('warning', 'the purchase order went back to draft but the 1688 order is open', 'confirm the PO again, or cancel on 1688'),
  },
  waitsellersend: {
    confirmed: 'fits',
    cancelled: finding('error', 'the purchase order is cancelled but the 1688 order is paid and waiting to ship', 'cancel on 1688 (ask the supplier to close the order and refund)'),
    draft: finding('warning', 'the purchase order went back to draft but the 1688 order is paid', 'confirm the PO again, or cancel on 1688'),
  },
  waitbuyerreceive: SHIPPED_FIT,
  confirm_goods: SHIPPED_FIT,
  confirm_goods_and_has_subsidy: SHIPPED_FIT,
  success: SHIPPED_FIT,
  cancel: CLOSED_FIT,
  terminated: CLOSED_FIT,
};

/** 1688 statuses after which the goods are on their way or delivered. */
export const SHIPPED_STATUSES: ReadonlySet<string> = new Set(['waitbuyerreceive', 'confirm_goods', 'confirm_goods_and_has_subsidy', 'success']);
export const CLOSED_STATUSES: ReadonlySet<string> = new Set(['cancel', 'terminated']);

const pullShipments = (orderId: string): string => `run pull-shipments --order ${orderId}`;

/** The status differences of a pair: the PO state against the table, and a stale x_alibaba_status. */
export function compareStatus(orderId: string, status: string, poState: string, alibabaStatus: string | false): Finding[] {
  const stale = alibabaStatus !== status;
  const row = STATUS_FIT[status];
  if (!row) return [finding('warning', `1688 reports an unknown order status "${status}"`, 'check the order on 1688')];
  const fit = row[poStateGroup(poState)];
  if (fit !== 'fits') {
    const detail = `${fit.detail} (1688: ${status}, PO: ${poState})`;
    return [finding(fit.severity, detail, stale ? `${fit.fix}; ${pullShipments(orderId)} to record the 1688 status` : fit.fix)];
  }
  if (!stale) return [];
  return [finding('warning', `the PO's 1688 status is ${alibabaStatus || 'empty'}, 1688 says ${status}`, pullShipments(orderId))];
}

export interface OrderItem {
  offerId: string;
  specId?: string | undefined;
  quantity: number;
  name?: string | undefined;
}

const itemKey = (offerId: string, specId: string | undefined): string => `${offerId}:${specId ?? ''}`;
const itemLabel = (offerId: string, specId: string | undefined, name: string | undefined): string =>
  name ? `"${name}"` : `offer ${offerId}${specId ? ` spec ${specId}` : ''}`;

/**
 * PO lines (converted to the 1688 unit through the variant links, as push-orders does) against the
 * 1688 items, by offer and spec. More on 1688 than on the PO is paid for but never received: error.
 */
export function compareQuantities(lines: readonly PurchaseOrderLine[], links: ReadonlyMap<number, VariantLink>, items: readonly OrderItem[]): Finding[] {
  const out: Finding[] = [];
  const po = new Map<string, { quantity: number; label: string }>();
  for (const line of lines.filter((l) => !l.displayType)) {
    const link = line.productId === false ? undefined : links.get(line.productId);
    if (!link) {
      out.push(finding('info', `PO line "${line.description}" is not a 1688 product; not compared`, 'none, unless it should come from 1688 (run pull-products)'));
      continue;
    }
    const converted = convertToWhole(line.quantity, line.uom, link.uom);
    if (!converted.ok) {
      out.push(finding('warning', `PO line "${line.description}": ${converted.problem}`, 'set a whole quantity in the 1688 unit on the PO line'));
      continue;
    }
    const key = itemKey(link.offerId, link.specId);
    const prev = po.get(key);
    po.set(key, { quantity: (prev?.quantity ?? 0) + converted.quantity, label: prev?.label ?? itemLabel(link.offerId, link.specId, line.description) });
  }
  const ali = new Map<string, { quantity: number; label: string }>();
  for (const item of items) {
    const key = itemKey(item.offerId, item.specId || undefined);
    const prev = ali.get(key);
    ali.set(key, { quantity: (prev?.quantity ?? 0) + item.quantity, label: prev?.label ?? itemLabel(item.offerId, item.specId || undefined, item.name) });
  }
  for (const key of [...new Set([...po.keys(), ...ali.keys()])].sort()) {
    const p = po.get(key);
    const a = ali.get(key);
    if (p && a && p.quantity === a.quantity) continue;
    if (!a) out.push(finding('warning', `${p!.label}: ${p!.quantity} on the PO, not in the 1688 order`, 'order it on 1688 separately, or remove the line from the PO'));
    else if (!p) out.push(finding('error', `${a.label}: ${a.quantity} on 1688, on no PO line`, 'add the line to the PO, or ask the supplier to remove it on 1688'));
    else if (a.quantity > p.quantity) out.push(finding('error', `${p.label}: ${a.quantity} on 1688, ${p.quantity} on the PO`, `set the PO line to ${a.quantity}, or ask the supplier to reduce it on 1688`));
    else out.push(finding('warning', `${p.label}: ${a.quantity} on 1688, ${p.quantity} on the PO`, `set the PO line to ${a.quantity}, or order the rest on 1688`));
  }
  return out;
}

/** The largest goods-total difference that is not worth a look: the configured amount, or 0.5% of the PO. */
export function allowedAmountDifference(poAmountCny: number, tolerance: number): number {
  return Math.max(tolerance, Math.abs(poAmountCny) * 0.005);
}

/** 1688 goods total (yuan, shipping excluded) against the PO's untaxed amount in CNY. */
export function compareAmount(goodsYuan: number, poAmountCny: number | undefined, tolerance: number): Finding | undefined {
  if (poAmountCny === undefined) {
    return finding('info', 'the PO amount cannot be converted to CNY (no rate in Odoo); amounts not compared', 'activate CNY with a current rate in Odoo (doctor --fix)');
  }
  const diff = goodsYuan - poAmountCny;
  // Cent rounding on both sides: compare in whole fen so 0.1 + 0.2 style noise never crosses the edge.
  if (Math.round(Math.abs(diff) * 100) <= Math.round(allowedAmountDifference(poAmountCny, tolerance) * 100)) return undefined;
  return finding(
    'warning',
    `1688 goods total ¥${goodsYuan.toFixed(2)}, PO ¥${poAmountCny.toFixed(2)} untaxed (difference ¥${diff.toFixed(2)})`,
    'check the prices on the PO against 1688 before paying',
  );
}

export interface PickingTracking {
  /** Still to be received (pull-shipments writes tracking only on open receipts). */
  open: boolean;
  /** Tracking reference and notes, where pull-shipments records waybill numbers. */
  text: string;
}

/** A shipped order's waybill numbers that none of the PO's incoming pickings carries. */
export function compareTracking(orderId: string, status: string, billNos: readonly string[], pickings: readonly PickingTracking[]): Finding | undefined {
  if (!SHIPPED_STATUSES.has(status)) return undefined;
  const missing = [...new Set(billNos.map((b) => b.trim()).filter(Boolean))].filter((b) => !pickings.some((p) => p.text.includes(b)));
  if (missing.length === 0) return undefined;
  const list = missing.join(', ');
  if (pickings.length === 0) return finding('warning', `shipped with tracking ${list}, but the PO has no incoming receipt`, 'check the PO\'s receipt in Odoo');
  if (!pickings.some((p) => p.open)) return finding('info', `received without tracking ${list} on the receipt`, 'none needed: the goods were received');
  return finding('warning', `shipped with tracking ${list}, not on the PO's receipt`, pullShipments(orderId));
}

/** The outOrderId prefix of the purchase orders of this Odoo database (`aos-<db>-po`). */
export function ourOutOrderPrefix(database: string): string {
  return outOrderIdFor(database, 1).slice(0, -1);
}

/** The PO id encoded in one of our outOrderIds, or undefined. */
export function poIdFromOutOrderId(database: string, outOrderId: string | undefined): number | undefined {
  const prefix = ourOutOrderPrefix(database);
  if (!outOrderId?.startsWith(prefix)) return undefined;
  const rest = outOrderId.slice(prefix.length);
  return /^\d+$/.test(rest) ? Number(rest) : undefined;
}

/** A 1688 order of our account that no purchase order matches. */
export function only1688(order: { orderId: string; status: string; outOrderId?: string | undefined }, database: string): Finding {
  const closed = CLOSED_STATUSES.has(order.status);
  const cancelFix = closed ? 'none needed: the order is closed' : 'cancel it on 1688 if it is not wanted, or set x_alibaba_order_id on its PO';
  if (order.outOrderId?.startsWith(ourOutOrderPrefix(database))) {
    return finding(closed ? 'info' : 'error', `1688 order (${order.status}) was created by this tool as ${order.outOrderId}, but no purchase order matches`, cancelFix);
  }
  if (order.outOrderId?.startsWith('aos-')) {
    return finding('info', `1688 order belongs to another Odoo database (${order.outOrderId})`, 'reconcile it from that database');
  }
  const origin = order.outOrderId ? `external id ${order.outOrderId}` : 'no external id';
  return finding(closed ? 'info' : 'error', `1688 order (${order.status}, ${origin}) has no purchase order in Odoo`, closed ? cancelFix : 'create a PO for it and set x_alibaba_order_id, or cancel it on 1688');
}

export interface UnmatchedPo {
  name: string;
  state: string;
  /** The 1688 order the PO (or the state file) names, which 1688 does not know. */
  missingOrderId: string | undefined;
  confirmedAt: Date | undefined;
  deadLettered: boolean;
  /** The PO another purchase order already matched to `missingOrderId`, when that order does exist. */
  claimedBy?: string | undefined;
}

/** A purchase order with no 1688 order; undefined when that is expected (cancelled, never ordered). */
export function onlyOdoo(po: UnmatchedPo, now: Date, graceMs: number): Finding | undefined {
  const confirmed = poStateGroup(po.state) === 'confirmed';
  if (po.missingOrderId && po.claimedBy) {
    return finding('error', `the PO names 1688 order ${po.missingOrderId}, which belongs to ${po.claimedBy}`, `correct x_alibaba_order_id on ${po.name} (or on ${po.claimedBy})`);
  }
  if (po.missingOrderId) {
    return finding(
      confirmed ? 'error' : 'info',
      `the PO names 1688 order ${po.missingOrderId}, which 1688 does not know`,
      `correct x_alibaba_order_id on ${po.name}, or clear it and run push-orders --po ${po.name}`,
    );
  }
  if (!confirmed) return undefined;
  const ageMs = po.confirmedAt ? now.getTime() - po.confirmedAt.getTime() : Number.POSITIVE_INFINITY;
  if (ageMs < graceMs) {
    return finding('info', `confirmed ${Math.max(0, Math.round(ageMs / 60_000))} min ago, not on 1688 yet`, 'none: push-orders sends it on its next run');
  }
  if (po.deadLettered) return finding('error', 'confirmed but never sent to 1688: it failed and is in the dead letters', 'see `dlq list --kind po`, fix the PO, then `dlq retry`');
  return finding('error', 'confirmed for a 1688 vendor but not on 1688', `run push-orders --po ${po.name}`);
}

export interface PairFacts {
  orderId: string;
  status: string;
  /** Goods total in yuan (shipping excluded), when 1688 gave one. */
  goodsYuan: number | undefined;
  /** Undefined when the detail was not read (a closed order needs none). */
  items: readonly OrderItem[] | undefined;
  billNos: readonly string[];
  po: { name: string; state: string; alibabaStatus: string | false; amountCny: number | undefined; lines: readonly PurchaseOrderLine[]; links: ReadonlyMap<number, VariantLink>; pickings: readonly PickingTracking[] };
}

/** Every difference of a matched pair; a closed order is only checked for its status. */
export function comparePair(pair: PairFacts, tolerance: number): Difference[] {
  const { po, orderId } = pair;
  const tag = (kind: DifferenceKind) => (f: Finding): Difference => ({ kind, po: po.name, orderId, ...f });
  const out = compareStatus(orderId, pair.status, po.state, po.alibabaStatus).map(tag('status'));
  if (CLOSED_STATUSES.has(pair.status) || poStateGroup(po.state) === 'cancelled') return out;
  const quantities = pair.items ? compareQuantities(po.lines, po.links, pair.items) : [];
  out.push(...quantities.map(tag('quantity')));
  // A quantity difference already explains a goods total that differs; one finding is enough.
  const amount = pair.goodsYuan !== undefined && !quantities.some((q) => q.severity !== 'info') ? compareAmount(pair.goodsYuan, po.amountCny, tolerance) : undefined;
  if (amount) out.push(tag('amount')(amount));
  const tracking = compareTracking(orderId, pair.status, pair.billNos, po.pickings);
  if (tracking) out.push(tag('tracking')(tracking));
  return out;
}

/** A second 1688 order for a PO that is already matched to another one (paying twice). */
export function duplicateOrder(status: string, poName: string, keptOrderId: string): Finding {
  const closed = CLOSED_STATUSES.has(status);
  return finding(closed ? 'info' : 'error', `a second 1688 order (${status}) for ${poName}, already ordered as ${keptOrderId}`, closed ? 'none needed: the order is closed' : 'cancel the duplicate on 1688');
}
