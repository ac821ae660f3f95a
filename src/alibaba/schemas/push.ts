// Schemas for push messages: the envelope, the per-topic data objects, and the pull API for missed ones.
import { z } from 'zod';
import { AliDate, Id, IdList, Num, Text } from './common.js';

export const ORDER_MESSAGE_TYPES = [
  'ORDER_BUYER_VIEW_BUYER_MAKE',
  'ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY',
  'ORDER_BUYER_VIEW_ORDER_PAY',
  'ORDER_BUYER_VIEW_ORDER_STEP_PAY',
  'ORDER_BUYER_VIEW_ANNOUNCE_SENDGOODS',
  'ORDER_BUYER_VIEW_PART_PART_SENDGOODS',
  'ORDER_BUYER_VIEW_ORDER_COMFIRM_RECEIVEGOODS',
  'ORDER_BUYER_VIEW_ORDER_SUCCESS',
  'ORDER_BUYER_VIEW_ORDER_BUYER_CLOSE',
  'ORDER_BUYER_VIEW_ORDER_SELLER_CLOSE',
  'ORDER_BUYER_VIEW_ORDER_BOPS_CLOSE',
  'ORDER_BUYER_VIEW_ORDER_BUYER_REFUND_IN_SALES',
  'ORDER_BUYER_VIEW_ORDER_REFUND_AFTER_SALES',
] as const;
export type OrderMessageType = (typeof ORDER_MESSAGE_TYPES)[number];

/** The delivered envelope; `data` is parsed per topic with parsePushData. */
export const PushMessage = z.object({
  msgId: Id,
  gmtBorn: Num.optional(),
  type: Text,
  userInfo: Text.optional(),
  data: z.record(z.string(), z.unknown()).default({}),
});
export type PushMessage = z.infer<typeof PushMessage>;

export const OrderMessageData = z.object({
  orderId: Id,
  currentStatus: Text,
  msgSendTime: AliDate,
  buyerMemberId: Text.optional(),
  sellerMemberId: Text.optional(),
  refundAction: Text.optional(),
  operator: Text.optional(),
  refundId: Text.optional(),
});
export type OrderMessageData = z.infer<typeof OrderMessageData>;

const OrderLogsItem = z.object({ orderId: Id, orderEntryId: Id.optional() });

export const LogisticsTraceMessageData = z.object({
  OrderLogisticsTracingModel: z.object({
    logisticsId: Text,
    cpCode: Text.optional(),
    mailNo: Text.optional(),
    statusChanged: Text.optional(),
    changeTime: AliDate,
    orderLogsItems: z.array(OrderLogsItem).default([]),
  }),
});
export type LogisticsTraceMessageData = z.infer<typeof LogisticsTraceMessageData>;

export const MailNoChangeMessageData = z.object({
  MailNoChangeModel: z.object({
    logisticsId: Text,
    oldCpCode: Text.optional(),
    newCpCode: Text.optional(),
    oldMailNo: Text.optional(),
    newMailNo: Text.optional(),
    eventTime: AliDate,
    orderLogsItems: z.array(OrderLogsItem).default([]),
  }),
});
export type MailNoChangeMessageData = z.infer<typeof MailNoChangeMessageData>;

export const ProductChangeMessageData = z.object({
  memberId: Text.optional(),
  productIds: IdList,
  action: Text.optional(),
  msgSendTime: AliDate,
});
export type ProductChangeMessageData = z.infer<typeof ProductChangeMessageData>;

export const InventoryChangeMessageData = z.object({
  OfferInventoryChangeList: z
    .array(
      z.object({
        offerId: Id,
        offerOnSale: Num.optional(),
        skuId: Id.optional(),
        skuOnSale: Num.optional(),
        quantity: Num.optional(),
        bizTime: AliDate,
      }),
    )
    .default([]),
});
export type InventoryChangeMessageData = z.infer<typeof InventoryChangeMessageData>;

export type PushData =
  | { kind: 'order'; type: string; data: OrderMessageData }
  | { kind: 'logisticsTrace'; data: LogisticsTraceMessageData }
  | { kind: 'mailNoChange'; data: MailNoChangeMessageData }
  | { kind: 'productChange'; data: ProductChangeMessageData }
  | { kind: 'inventoryChange'; data: InventoryChangeMessageData }
  | { kind: 'unknown'; type: string };

/** Parses a message's `data` by its topic; throws a ZodError when a known topic's data is malformed. */
export function parsePushData(type: string, data: unknown): PushData {
  if ((ORDER_MESSAGE_TYPES as readonly string[]).includes(type)) {
    return { kind: 'order', type, data: OrderMessageData.parse(data) };
  }
  switch (type) {
    case 'LOGISTICS_BUYER_VIEW_TRACE':
      return { kind: 'logisticsTrace', data: LogisticsTraceMessageData.parse(data) };
    case 'LOGISTICS_MAIL_NO_CHANGE':
      return { kind: 'mailNoChange', data: MailNoChangeMessageData.parse(data) };
    case 'PRODUCT_RELATION_VIEW_PRODUCT_CHANGE':
      return { kind: 'productChange', data: ProductChangeMessageData.parse(data) };
    case 'PRODUCT_PRODUCT_INVENTORY_CHANGE':
      return { kind: 'inventoryChange', data: InventoryChangeMessageData.parse(data) };
    default:
      return { kind: 'unknown', type };
  }
}

/** push.query.messageList: messages not yet confirmed. */
export const PushMessageListResponse = z.object({
  pushMessagePage: z
    .object({
      datas: z.array(PushMessage).nullish().transform((v) => v ?? []),
      totalCount: Num.default(0),
    })
    .default({ datas: [], totalCount: 0 }),
});
export type PushMessageListResponse = z.infer<typeof PushMessageListResponse>;
