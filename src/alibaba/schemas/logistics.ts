// Schemas for the buyer-side logistics APIs: packages of an order and their tracking steps.
import { z } from 'zod';
import { AliDate, Bool, Id, IdList, Num, Text } from './common.js';

export const SendGood = z.object({ goodName: Text.optional(), quantity: Num.optional(), unit: Text.optional() });
export type SendGood = z.infer<typeof SendGood>;

export const LogisticsInfo = z.object({
  logisticsId: Text,
  logisticsBillNo: Text.optional(),
  logisticsCompanyId: Id.optional(),
  logisticsCompanyName: Text.optional(),
  /** WAITACCEPT, CANCEL, ACCEPT, TRANSPORT, NOGET, SIGN, UNSIGN. */
  status: Text.optional(),
  orderEntryIds: IdList.default([]),
  remarks: Text.optional(),
  sendGoods: z.array(SendGood).default([]),
});
export type LogisticsInfo = z.infer<typeof LogisticsInfo>;

export const LogisticsInfosResponse = z.object({
  result: z.array(LogisticsInfo).nullish().transform((v) => v ?? []),
  success: Bool.optional(),
  errorCode: Text.optional(),
  errorMessage: Text.optional(),
});
export type LogisticsInfosResponse = z.infer<typeof LogisticsInfosResponse>;

export const LogisticsStep = z.object({ acceptTime: AliDate, remark: Text.optional() });
export type LogisticsStep = z.infer<typeof LogisticsStep>;

export const LogisticsTrace = z.object({
  logisticsId: Text.optional(),
  logisticsBillNo: Text.optional(),
  orderId: Id.optional(),
  logisticsSteps: z.array(LogisticsStep).default([]),
});
export type LogisticsTrace = z.infer<typeof LogisticsTrace>;

export const LogisticsTraceResponse = z.object({
  logisticsTrace: z.array(LogisticsTrace).nullish().transform((v) => v ?? []),
  success: Bool.optional(),
  errorCode: Text.optional(),
  errorMessage: Text.optional(),
});
export type LogisticsTraceResponse = z.infer<typeof LogisticsTraceResponse>;

/** `500_2`: the supplier has not shipped yet; an expected state, not a failure. */
export const NOT_SHIPPED_YET_CODE = '500_2';
