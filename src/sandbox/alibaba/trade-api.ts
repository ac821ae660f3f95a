// Simulated trade APIs: fastCreateOrder (careless about outOrderId on purpose), order detail, list, cancel.
import { parseAlibabaDate } from '../../alibaba/schemas/common.js';
import type { SimOffer } from './catalog.js';
import { offerStock } from './catalog.js';
import type { ApiResult, ApiTable, SimContext } from './context.js';
import { renderOrder } from './order-render.js';
import type { SimOrderItem } from './orders.js';
import { isRecord } from './util.js';

interface FailedOffer {
  offerId: string;
  specId: string;
  errorCode: string;
  errorMessage: string;
}

function business(code: string, message: string, extra: Record<string, unknown> = {}): ApiResult {
  return { body: { success: false, code, message, ...extra } };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function scalar(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function tierPrice(tiers: { startQuantity: number; priceFen: number }[], quantity: number): number | undefined {
  const sorted = [...tiers].sort((a, b) => a.startQuantity - b.startQuantity);
  return (sorted.filter((t) => t.startQuantity <= quantity).pop() ?? sorted[0])?.priceFen;
}

interface Line {
  offer: SimOffer;
  specId: string;
  quantity: number;
}

function unitPrice(line: Line, offerQuantity: number): number {
  const sku = line.offer.skus.find((s) => s.specId === line.specId);
  if (sku?.priceFen !== undefined) return sku.priceFen;
  if (sku?.priceRanges) return tierPrice(sku.priceRanges, line.quantity) ?? 0;
  return tierPrice(line.offer.priceRanges, offerQuantity) ?? 0;
}

function fastCreateOrder(ctx: SimContext, params: Record<string, string>): ApiResult {
  const address = parseJson(params['addressParam'] ?? '');
  if (!isRecord(address) || !address['fullName'] || !address['address'] || !(address['mobile'] || address['phone'])) {
    return business('400', 'addressParam invalid: fullName, address and mobile or phone are required');
  }
  const cargo = parseJson(params['cargoParamList'] ?? '');
  if (!Array.isArray(cargo) || cargo.length === 0) return business('400', 'cargoParamList invalid');
  const failed: FailedOffer[] = [];
  const lines: Line[] = [];
  for (const entry of cargo) {
    const offerId = isRecord(entry) ? scalar(entry['offerId']) : '';
    const specId = isRecord(entry) ? scalar(entry['specId']) : '';
    const quantity = isRecord(entry) ? Number(entry['quantity']) : Number.NaN;
    const fail = (errorCode: string, errorMessage: string): void => void failed.push({ offerId, specId, errorCode, errorMessage });
    const offer = ctx.catalog.get(offerId);
    if (!offer || offer.status !== 'published') fail('500_002', `商品[${offerId}]不存在`);
    else if (!offer.permitted) fail('500_006', '没有该商品的查询权限');
    else if (!Number.isInteger(quantity) || quantity <= 0) fail('500_001', `商品[${offerId}_${specId}]购买数量不正确`);
    else if (offer.skus.length > 0 && !offer.skus.some((s) => s.specId === specId)) fail('500_003', `商品[${offerId}_${specId}]规格不存在`);
    else if (offer.skus.length === 0 && specId !== '') fail('500_003', `商品[${offerId}_${specId}]规格不存在`);
    else lines.push({ offer, specId, quantity });
  }
  const suppliers = new Set(lines.map((l) => l.offer.supplierUserId));
  if (suppliers.size > 1) return business('400', '一个订单只能包含同一个供应商的商品');
  for (const line of [...lines]) {
    const offerQuantity = lines.filter((l) => l.offer === line.offer).reduce((s, l) => s + l.quantity, 0);
    const sku = line.offer.skus.find((s) => s.specId === line.specId);
    const stock = sku ? sku.amountOnSale : offerStock(line.offer);
    const reject = (errorCode: string, errorMessage: string): void => {
      failed.push({ offerId: String(line.offer.productID), specId: line.specId, errorCode, errorMessage });
      lines.splice(lines.indexOf(line), 1);
    };
    if (offerQuantity < line.offer.minOrderQuantity) reject('500_004', `商品[${line.offer.productID}]起批量为${line.offer.minOrderQuantity}`);
    else if (line.quantity > stock) reject('500_005', `商品[${line.offer.productID}_${line.specId}]库存不足，请核实库存后订购。`);
  }
  if (lines.length === 0) return business(failed[0]?.errorCode ?? '400', failed[0]?.errorMessage ?? 'no valid cargo', { result: { failedOfferList: failed } });

  const now = ctx.now();
  const id = ctx.orders.nextOrderId();
  const items: SimOrderItem[] = lines.map((line, index) => {
    const sku = line.offer.skus.find((s) => s.specId === line.specId);
    const offerQuantity = lines.filter((l) => l.offer === line.offer).reduce((s, l) => s + l.quantity, 0);
    if (sku) sku.amountOnSale -= line.quantity;
    else line.offer.amountOnSale -= line.quantity;
    const item: SimOrderItem = {
      subItemId: id + BigInt(index + 1) * 1_000_000n,
      productID: line.offer.productID,
      name: line.offer.subject,
      priceFen: unitPrice(line, offerQuantity),
      quantity: line.quantity,
      shipped: 0,
      unit: line.offer.unit,
      skuInfos: (sku?.attributes ?? []).map((a) => ({ name: a.attributeDisplayName ?? String(a.attributeID), value: a.attributeValue })),
    };
    if (sku) Object.assign(item, { skuId: sku.skuId, specId: sku.specId });
    return item;
  });
  const weight = lines.reduce((s, l) => s + l.offer.unitWeight * l.quantity, 0);
  const seller = lines[0]!.offer;
  const order = {
    id,
    status: 'waitbuyerpay' as const,
    createTime: now,
    modifyTime: now,
    message: params['message'] ?? '',
    address,
    sellerLoginId: seller.supplierLoginId,
    sellerUserId: seller.supplierUserId,
    items,
    postFeeFen: 500 + 100 * Math.ceil(Math.min(weight, 1000)),
    packages: [],
    ...(params['outOrderId'] ? { outOrderId: params['outOrderId'] } : {}),
  };
  // Careless on purpose, like the platform: a repeated outOrderId creates a second order.
  ctx.orders.add(order);
  const goodsFen = items.reduce((s, i) => s + i.priceFen * i.quantity, 0);
  const result: Record<string, unknown> = { totalSuccessAmount: goodsFen + order.postFeeFen, orderId: id.toString(), postFee: order.postFeeFen };
  if (failed.length > 0) result['failedOfferList'] = failed;
  return { body: { result, success: true }, orderCreated: true };
}

function orderList(ctx: SimContext, params: Record<string, string>): ApiResult {
  const bound = (name: string): number | undefined | null => {
    const raw = params[name];
    if (raw === undefined) return undefined;
    return parseAlibabaDate(raw)?.getTime() ?? null;
  };
  const start = bound('modifyStartTime');
  const end = bound('modifyEndTime');
  if (start === null || end === null) return { body: { errorCode: '400', errorMessage: 'modifyStartTime/modifyEndTime format: yyyyMMddHHmmssSSS+0800', success: false } };
  const statuses = params['orderStatus']?.split(',').map((s) => s.trim());
  const page = Math.max(1, Number(params['page'] ?? 1) || 1);
  const pageSize = Math.min(50, Math.max(1, Number(params['pageSize'] ?? 20) || 20));
  const matches = ctx.orders
    .all()
    .filter((o) => (start === undefined || o.modifyTime >= start) && (end === undefined || o.modifyTime <= end))
    .filter((o) => !statuses || statuses.includes(o.status))
    .filter((o) => params['outOrderId'] === undefined || o.outOrderId === params['outOrderId'])
    .sort((a, b) => b.createTime - a.createTime || (b.id > a.id ? 1 : -1));
  const slice = matches.slice((page - 1) * pageSize, page * pageSize);
  return { body: { result: slice.map((o) => renderOrder(ctx, o, 'list')), totalRecord: matches.length } };
}

export function tradeApis(ctx: SimContext): ApiTable {
  return {
    'com.alibaba.trade:alibaba.trade.fastCreateOrder': {
      auth: true,
      required: ['flow', 'addressParam', 'cargoParamList'],
      handle: ({ params }) => fastCreateOrder(ctx, params),
    },
    'com.alibaba.trade:alibaba.trade.get.buyerView': {
      auth: true,
      required: ['webSite', 'orderId'],
      handle: ({ params }) => {
        const order = ctx.orders.get(params['orderId']!);
        if (!order) return { body: { success: false, errorCode: '404', errorMessage: `订单[${params['orderId']}]不存在` } };
        return { body: { result: renderOrder(ctx, order, 'detail'), success: true } };
      },
    },
    'com.alibaba.trade:alibaba.trade.getBuyerOrderList': { auth: true, required: [], handle: ({ params }) => orderList(ctx, params) },
    'com.alibaba.trade:alibaba.trade.cancel': {
      auth: true,
      required: ['webSite', 'tradeID', 'cancelReason'],
      handle: ({ params }) => {
        const order = ctx.orders.get(params['tradeID']!);
        if (!order) return { body: { success: false, errorCode: '404', errorMessage: `订单[${params['tradeID']}]不存在` } };
        if (order.status !== 'waitbuyerpay') return { body: { success: false, errorCode: '400', errorMessage: `订单状态为${order.status}，不能取消` } };
        ctx.orders.cancel(params['tradeID']!, params['cancelReason']!, true);
        return { body: { success: true } };
      },
    },
  };
}
