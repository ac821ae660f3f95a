// Writes the 1688 order back onto the purchase order: ids, status, and a chatter message with the amounts.
import type { CreateOrderResult } from '../../alibaba/api/orders.js';
import { fenToYuan } from '../../mapping/currency.js';
import type { OdooClient } from '../../odoo/client.js';
import { MODELS } from '../../odoo/models.js';

export interface WriteBackInput {
  poId: number;
  poName: string;
  orderId: string;
  status: string;
  result: CreateOrderResult | undefined;
  /** The PO's untaxed amount in CNY, when it can be compared (PO in CNY or a known rate). */
  poAmountCny: number | undefined;
  tolerance: number;
}

export interface WriteBackResult {
  amountWarning: string | undefined;
}

/** Compares the 1688 goods total with the PO's; a difference beyond the tolerance is worth a human look. */
export function amountWarning(input: Pick<WriteBackInput, 'result' | 'poAmountCny' | 'tolerance' | 'orderId'>): string | undefined {
  const { result, poAmountCny } = input;
  if (!result || result.totalSuccessAmountFen === undefined || poAmountCny === undefined) return undefined;
  const total = fenToYuan(result.totalSuccessAmountFen);
  const goods = total - fenToYuan(result.postFeeFen ?? 0);
  const allowed = Math.max(input.tolerance, poAmountCny * 0.005);
  if (Math.abs(goods - poAmountCny) <= allowed) return undefined;
  return `1688 order ${input.orderId} totals ¥${goods.toFixed(2)} for goods, the purchase order ¥${poAmountCny.toFixed(2)} (difference ¥${(goods - poAmountCny).toFixed(2)}); check prices before paying`;
}

export function submittedMessage(input: WriteBackInput, warning: string | undefined): string {
  const r = input.result;
  const lines = [`Submitted to 1688 as order ${input.orderId}.`];
  if (r?.totalSuccessAmountFen !== undefined) {
    const post = fenToYuan(r.postFeeFen ?? 0);
    lines.push(`1688 total: ¥${fenToYuan(r.totalSuccessAmountFen).toFixed(2)} (shipping ¥${post.toFixed(2)}).`);
  }
  if (r && r.failedOfferList.length > 0) {
    lines.push(`Not ordered: ${r.failedOfferList.map((f) => `offer ${f.offerId}${f.specId ? `/${f.specId}` : ''}: ${f.errorMessage ?? f.errorCode ?? 'refused'}`).join('; ')}.`);
  }
  if (warning) lines.push(`Warning: ${warning}.`);
  return lines.join('\n');
}

/** Writes ids and status (idempotent) then posts the message; both are safe to repeat after a crash except the post. */
export async function writeBack(odoo: OdooClient, input: WriteBackInput): Promise<WriteBackResult> {
  const warning = amountWarning(input);
  await odoo.write(MODELS.purchaseOrder, [input.poId], {
    x_alibaba_order_id: input.orderId,
    x_alibaba_status: input.status,
    partner_ref: input.orderId,
  });
  await odoo.messagePost(input.poId, submittedMessage(input, warning));
  return { amountWarning: warning };
}
