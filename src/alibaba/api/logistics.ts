// Logistics APIs: the packages of an order (or "not shipped yet") and their tracking steps.
import type { AlibabaClient } from '../client.js';
import { LogisticsInfosResponse, LogisticsTraceResponse, NOT_SHIPPED_YET_CODE, type LogisticsInfo, type LogisticsTrace } from '../schemas.js';
import { AlibabaApiError } from '../../errors.js';

const INFOS = { namespace: 'com.alibaba.logistics', name: 'alibaba.trade.getLogisticsInfos.buyerView', version: 1 };
const TRACE = { namespace: 'com.alibaba.logistics', name: 'alibaba.trade.getLogisticsTraceInfo.buyerView', version: 1 };
/** Trace answers "no trace found" (404) before the first scan: an empty trace, not a failure. */
const NO_TRACE_CODES = new Set([NOT_SHIPPED_YET_CODE, '404']);

export type OrderLogistics = { shipped: false } | { shipped: true; packages: LogisticsInfo[] };

function businessError(api: { namespace: string; name: string }, code: string | undefined, message: string | undefined): AlibabaApiError {
  return new AlibabaApiError(code ?? 'unknown', message ?? 'business error', { api: `${api.namespace}:${api.name}`, httpStatus: 200 });
}

/** The packages of an order; `{shipped: false}` while the supplier has not shipped (500_2). */
export async function getLogistics(client: AlibabaClient, orderId: string): Promise<OrderLogistics> {
  const answer = await client.call(INFOS, { orderId, webSite: '1688' }, LogisticsInfosResponse, {
    acceptBusinessError: (e) => e.code === NOT_SHIPPED_YET_CODE,
  });
  if (answer.errorCode === NOT_SHIPPED_YET_CODE) return { shipped: false };
  if (answer.success === false) throw businessError(INFOS, answer.errorCode, answer.errorMessage);
  return { shipped: true, packages: answer.result };
}

/** Tracking steps per package; empty before the first scan. */
export async function getLogisticsTrace(client: AlibabaClient, orderId: string): Promise<LogisticsTrace[]> {
  const answer = await client.call(TRACE, { orderId, webSite: '1688' }, LogisticsTraceResponse, {
    acceptBusinessError: (e) => NO_TRACE_CODES.has(e.code),
  });
  if (answer.errorCode !== undefined && NO_TRACE_CODES.has(answer.errorCode)) return [];
  return answer.logisticsTrace;
}
