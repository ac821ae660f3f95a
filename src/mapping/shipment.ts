// Pure: a 1688 order's status and packages -> the PO status, a chatter line, and the picking's tracking fields.

export interface PackageInfo {
  billNo: string | undefined;
  company: string | undefined;
  status: string | undefined;
}

const STATUS_WORDS: Record<string, string> = {
  waitbuyerpay: 'waiting for payment',
  waitsellersend: 'paid, waiting for the supplier to ship',
  waitbuyerreceive: 'shipped by the supplier',
  confirm_goods: 'receipt confirmed',
  confirm_goods_and_has_subsidy: 'receipt confirmed',
  success: 'completed',
  cancel: 'cancelled',
  terminated: 'closed',
};

/** Statuses after which the supplier may have shipped something (partial shipments stay `waitsellersend`). */
export const MAY_HAVE_SHIPPED = new Set(['waitsellersend', 'waitbuyerreceive', 'confirm_goods', 'confirm_goods_and_has_subsidy', 'success']);

export function describeStatus(status: string): string {
  return STATUS_WORDS[status] ?? status;
}

/** The chatter line for a status change, or undefined when nothing changed. */
export function statusChangeMessage(orderId: string, previous: string | false, next: string, closeReason?: string): string | undefined {
  if (previous === next) return undefined;
  const from = previous ? ` (was: ${describeStatus(previous)})` : '';
  if (next === 'cancel' || next === 'terminated') {
    return `1688 order ${orderId} was ${describeStatus(next)} on 1688${closeReason ? `: ${closeReason}` : ''}${from}. Nothing will be delivered for it; cancel or re-order the purchase order.`;
  }
  return `1688 order ${orderId}: ${describeStatus(next)}${from}.`;
}

/** Every distinct waybill number, in the order the platform lists them, for `carrier_tracking_ref`. */
export function trackingRef(packages: readonly PackageInfo[]): string | undefined {
  const refs = [...new Set(packages.filter((p) => p.status !== 'CANCEL').map((p) => p.billNo?.trim()).filter((b): b is string => !!b))];
  return refs.length > 0 ? refs.join(', ') : undefined;
}

/** The carriers named by the packages, in order, without repeats. */
export function carrierNames(packages: readonly PackageInfo[]): string[] {
  return [...new Set(packages.map((p) => p.company?.trim()).filter((c): c is string => !!c))];
}

/** A note for the picking when a carrier has no Odoo delivery method mapped (or carriers are not tracked). */
export function carrierNote(packages: readonly PackageInfo[]): string | undefined {
  const lines = packages
    .filter((p) => p.billNo)
    .map((p) => `${p.company ?? 'carrier unknown'}: ${p.billNo}${p.status ? ` (${p.status})` : ''}`);
  return lines.length > 0 ? `1688 shipment: ${lines.join('; ')}` : undefined;
}
