// Trade APIs: create an order (never retried blindly), order detail, the incremental list as pages, cancel.
import { z } from 'zod';
import { AlibabaApiError } from '../../errors.js';
import type { AlibabaClient } from '../client.js';
import { FastCreateOrderResult, OrderDetail, OrderDetailResponse, OrderListEnvelope, formatZodIssue, type FailedOffer } from '../schemas.js';

const TRADE = 'com.alibaba.trade';
const CREATE = { namespace: TRADE, name: 'alibaba.trade.fastCreateOrder', version: 1 };
const DETAIL = { namespace: TRADE, name: 'alibaba.trade.get.buyerView', version: 1 };
const LIST = { namespace: TRADE, name: 'alibaba.trade.getBuyerOrderList', version: 1 };
const CANCEL = { namespace: TRADE, name: 'alibaba.trade.cancel', version: 1 };

export interface AddressParam {
  fullName: string;
  mobile?: string | undefined;
  phone?: string | undefined;
  postCode?: string | undefined;
  provinceText?: string | undefined;
  cityText?: string | undefined;
  areaText?: string | undefined;
  townText?: string | undefined;
  address: string;
  districtCode?: string | undefined;
}

export interface CargoParam {
  offerId: string;
  /** Empty or absent for an offer without SKUs. */
  specId?: string | undefined;
  quantity: number;
}

export interface CreateOrderInput {
  flow: 'general';
  message?: string | undefined;
  outOrderId: string;
  addressParam: AddressParam;
  cargoParamList: readonly CargoParam[];
}

export interface CreateOrderResult {
  /** Present whenever the order exists, even when `success` is false (documented quirk). */
  orderId: string | undefined;
  totalSuccessAmountFen: number | undefined;
  postFeeFen: number | undefined;
  failedOfferList: FailedOffer[];
  success: boolean;
  code: string | undefined;
  message: string | undefined;
}

/** `yyyyMMddHHmmssSSS+0800`: the platform's date parameters, in China time. */
export function formatChinaDate(date: Date): string {
  const t = new Date(date.getTime() + 8 * 3_600_000);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${t.getUTCFullYear()}${p(t.getUTCMonth() + 1)}${p(t.getUTCDate())}${p(t.getUTCHours())}${p(t.getUTCMinutes())}${p(t.getUTCSeconds())}${p(t.getUTCMilliseconds(), 3)}+0800`;
}

/**
 * Creates an order. Exactly one attempt: a lost answer throws UnknownOutcomeError, and the caller must
 * look the order up by outOrderId before sending it again. A refusal comes back with success false.
 */
export async function createOrder(client: AlibabaClient, input: CreateOrderInput): Promise<CreateOrderResult> {
  const cargo = input.cargoParamList.map((c) => ({ offerId: c.offerId, ...(c.specId ? { specId: c.specId } : {}), quantity: c.quantity }));
  // offerId is a long on the platform: send it as a JSON number, written from its digits.
  const cargoJson = JSON.stringify(cargo).replace(/"offerId":"(\d+)"/g, '"offerId":$1');
  const answer = await client.call(
    CREATE,
    { flow: input.flow, message: input.message, outOrderId: input.outOrderId, addressParam: input.addressParam, cargoParamList: cargoJson },
    FastCreateOrderResult,
    { idempotent: false, acceptBusinessError: () => true },
  );
  return {
    orderId: answer.orderCreated ? answer.orderId : undefined,
    totalSuccessAmountFen: answer.totalSuccessAmountFen,
    postFeeFen: answer.postFeeFen,
    failedOfferList: answer.failedOfferList,
    success: answer.orderCreated || answer.success === true,
    code: answer.code,
    message: answer.message,
  };
}

/** The buyer's view of one order (prices in yuan). */
export async function getOrder(client: AlibabaClient, orderId: string): Promise<OrderDetail> {
  const answer = await client.call(DETAIL, { webSite: '1688', orderId }, OrderDetailResponse);
  if (!answer.result) throw new AlibabaApiError('bad_response', `order ${orderId}: the answer has no result`, { api: `${TRADE}:${DETAIL.name}` });
  return answer.result;
}

export interface OrderFilter {
  modifyStartTime?: Date | undefined;
  modifyEndTime?: Date | undefined;
  /** One status or several (comma-joined on the wire). */
  orderStatus?: string | readonly string[] | undefined;
  outOrderId?: string | undefined;
  pageSize?: number | undefined;
}

export interface OrderPage {
  page: number;
  orders: OrderDetail[];
  totalRecord: number;
  /** Items dropped because they failed validation (logged and counted, not fatal). */
  dropped: number;
}

/** One page of the incremental order list (base info only); malformed items are dropped and counted. */
export async function listOrders(client: AlibabaClient, filter: OrderFilter & { page?: number }): Promise<OrderPage> {
  const page = filter.page ?? 1;
  const status = Array.isArray(filter.orderStatus) ? filter.orderStatus.join(',') : (filter.orderStatus as string | undefined);
  const answer = await client.call(LIST, {
    modifyStartTime: filter.modifyStartTime ? formatChinaDate(filter.modifyStartTime) : undefined,
    modifyEndTime: filter.modifyEndTime ? formatChinaDate(filter.modifyEndTime) : undefined,
    orderStatus: status,
    outOrderId: filter.outOrderId,
    page,
    pageSize: filter.pageSize ?? 20,
  }, OrderListEnvelope);
  const orders: OrderDetail[] = [];
  let dropped = 0;
  for (const [index, item] of answer.result.entries()) {
    const parsed = OrderDetail.safeParse(item);
    if (parsed.success) orders.push(parsed.data);
    else {
      dropped++;
      client.logger.warn('dropped a malformed order from the 1688 order list', { page, index, problem: formatZodIssue(parsed.error.issues[0]!) });
    }
  }
  if (dropped > 0) client.countDropped(dropped);
  return { page, orders, totalRecord: answer.totalRecord, dropped };
}

/** Every page of the order list, in order; stops at the last page, and refuses to run past `maxPages`. */
export async function* iterateOrders(client: AlibabaClient, filter: OrderFilter, maxPages = 500): AsyncGenerator<OrderPage> {
  const pageSize = filter.pageSize ?? 20;
  for (let page = 1; ; page++) {
    if (page > maxPages) {
      throw new AlibabaApiError('too_many_pages', `the order list has more than ${maxPages} pages of ${pageSize}`, {
        api: `${TRADE}:${LIST.name}`,
        hint: 'narrow the modification window',
      });
    }
    const result = await listOrders(client, { ...filter, pageSize, page });
    yield result;
    const seen = result.orders.length + result.dropped;
    if (seen < pageSize || page * pageSize >= result.totalRecord) return;
  }
}

/** The order created with this outOrderId, if any (the oldest when the platform created duplicates). */
export async function findOrderByOutOrderId(client: AlibabaClient, outOrderId: string): Promise<OrderDetail | undefined> {
  const matches: OrderDetail[] = [];
  for await (const page of iterateOrders(client, { outOrderId, pageSize: 20 }, 10)) {
    matches.push(...page.orders.filter((o) => o.baseInfo.outOrderId === outOrderId));
  }
  if (matches.length > 1) client.logger.warn('several 1688 orders carry one outOrderId', { outOrderId, orderIds: matches.map((o) => o.baseInfo.id) });
  return matches.sort((a, b) => (a.baseInfo.createTime?.getTime() ?? 0) - (b.baseInfo.createTime?.getTime() ?? 0))[0];
}

const CancelAnswer = z.object({ success: z.union([z.boolean(), z.string()]).optional() }).loose();

/** Cancels an unpaid order; a refusal (wrong state, unknown order) is an AlibabaApiError. */
export async function cancelOrder(client: AlibabaClient, orderId: string, cancelReason = 'other', remark?: string): Promise<void> {
  await client.call(CANCEL, { webSite: '1688', tradeID: orderId, cancelReason, remark }, CancelAnswer);
}
