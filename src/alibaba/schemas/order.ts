// Schemas for order creation, order detail (get.buyerView) and the incremental order list.
import { z } from 'zod';
import { AliDate, Bool, Id, IdList, Num, Text } from './common.js';

export const FailedOffer = z.object({
  offerId: Id.optional(),
  specId: Text.optional(),
  errorCode: Text.optional(),
  errorMessage: Text.optional(),
});
export type FailedOffer = z.infer<typeof FailedOffer>;

const FastCreateFields = z.object({
  orderId: Id.optional(),
  totalSuccessAmount: Num.optional(),
  postFee: Num.optional(),
  failedOfferList: z.array(FailedOffer).optional(),
  success: Bool.optional(),
  code: Text.optional(),
  message: Text.optional(),
});

/**
 * fastCreateOrder answer, flat or wrapped in `result`. `orderCreated` is true whenever an orderId is
 * present, even with `success: false` (documented). Amounts are in fen.
 */
export const FastCreateOrderResult = FastCreateFields.extend({ result: FastCreateFields.optional() }).transform((raw) => {
  const inner = raw.result ?? {};
  const orderId = inner.orderId ?? raw.orderId;
  return {
    orderCreated: orderId !== undefined && orderId !== '',
    orderId,
    totalSuccessAmountFen: inner.totalSuccessAmount ?? raw.totalSuccessAmount,
    postFeeFen: inner.postFee ?? raw.postFee,
    failedOfferList: inner.failedOfferList ?? raw.failedOfferList ?? [],
    success: raw.success ?? inner.success,
    code: inner.code ?? raw.code,
    message: inner.message ?? raw.message,
  };
});
export type FastCreateOrderResult = z.infer<typeof FastCreateOrderResult>;

export const OrderBaseInfo = z
  .object({
    id: Id,
    idOfStr: Id.optional(),
    status: Text,
    /** Yuan. */
    totalAmount: Num.optional(),
    shippingFee: Num.optional(),
    sumProductPayment: Num.optional(),
    /** Fen. */
    discount: Num.optional(),
    createTime: AliDate,
    modifyTime: AliDate,
    payTime: AliDate,
    allDeliveredTime: AliDate,
    completeTime: AliDate,
    outOrderId: Text.optional(),
    buyerID: Text.optional(),
    sellerID: Text.optional(),
    buyerLoginId: Text.optional(),
    sellerLoginId: Text.optional(),
    sellerUserId: Id.optional(),
    refundStatus: Text.optional(),
    closeReason: Text.optional(),
  })
  // The string twin is the exact one: the docs' own `id` shows JavaScript rounding.
  .transform(({ idOfStr, ...rest }) => ({ ...rest, id: idOfStr ?? rest.id }));
export type OrderBaseInfo = z.infer<typeof OrderBaseInfo>;

export const OrderProductItem = z
  .object({
    productID: Id,
    skuID: Id.optional(),
    specId: Text.optional(),
    name: Text.optional(),
    price: Num.optional(),
    quantity: Num,
    itemAmount: Num.optional(),
    logisticsStatus: Num.optional(),
    status: Text.optional(),
    unit: Text.optional(),
    subItemID: Id.optional(),
    subItemIDString: Id.optional(),
    skuInfos: z.array(z.object({ name: Text, value: Text })).default([]),
  })
  .transform(({ subItemIDString, ...rest }) => ({ ...rest, subItemID: subItemIDString ?? rest.subItemID }));
export type OrderProductItem = z.infer<typeof OrderProductItem>;

export const OrderLogisticsItem = z.object({
  id: Id.optional(),
  logisticsCode: Text.optional(),
  logisticsBillNo: Text.optional(),
  logisticsCompanyId: Id.optional(),
  logisticsCompanyName: Text.optional(),
  logisticsCompanyNo: Text.optional(),
  status: Text.optional(),
  subItemIds: IdList.optional(),
  deliveredTime: AliDate,
});
export type OrderLogisticsItem = z.infer<typeof OrderLogisticsItem>;

export const NativeLogistics = z.object({
  contactPerson: Text.optional(),
  province: Text.optional(),
  city: Text.optional(),
  area: Text.optional(),
  address: Text.optional(),
  zip: Text.optional(),
  logisticsItems: z.array(OrderLogisticsItem).default([]),
});
export type NativeLogistics = z.infer<typeof NativeLogistics>;

export const OrderDetail = z.object({
  baseInfo: OrderBaseInfo,
  productItems: z.array(OrderProductItem).default([]),
  nativeLogistics: NativeLogistics.default({ logisticsItems: [] }),
});
export type OrderDetail = z.infer<typeof OrderDetail>;

export const OrderDetailResponse = z.object({
  result: OrderDetail.optional(),
  success: Bool.optional(),
  errorCode: Text.optional(),
  errorMessage: Text.optional(),
});
export type OrderDetailResponse = z.infer<typeof OrderDetailResponse>;

/** getBuyerOrderList page with items left unparsed, so a client can drop and count a bad item. */
export const OrderListEnvelope = z.object({
  result: z.array(z.unknown()).nullish().transform((v) => v ?? []),
  totalRecord: Num.default(0),
  errorCode: Text.optional(),
  errorMessage: Text.optional(),
});
export type OrderListEnvelope = z.infer<typeof OrderListEnvelope>;

/** getBuyerOrderList page with every item parsed as an OrderDetail. */
export const OrderListResponse = OrderListEnvelope.extend({
  result: z.array(OrderDetail).nullish().transform((v) => v ?? []),
});
export type OrderListResponse = z.infer<typeof OrderListResponse>;
