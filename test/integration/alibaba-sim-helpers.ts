// Helpers for the 1688 simulator suites: signed gateway calls with fetch, the way the real client will make them.
import { parseJsonPreservingBigInts } from '../../src/alibaba/json.js';
import { signAop, urlPathFor } from '../../src/alibaba/sign.js';
import type { AlibabaSimulator } from '../../src/sandbox/alibaba/index.js';

export interface CallOptions {
  token?: string;
  /** Replace the computed signature (undefined: sign correctly; null: send none). */
  signature?: string | null;
  appKey?: string;
}

export interface CallResult {
  status: number;
  body: unknown;
}

export async function callApi(
  sim: AlibabaSimulator,
  namespace: string,
  apiName: string,
  params: Record<string, string>,
  options: CallOptions = {},
): Promise<CallResult> {
  const appKey = options.appKey ?? sim.appKey;
  const all: Record<string, string> = { ...params, _aop_timestamp: String(Date.now()) };
  if (options.token !== undefined) all['access_token'] = options.token;
  const signature = options.signature === undefined ? signAop(urlPathFor(1, namespace, apiName, appKey), all, sim.appSecret) : options.signature;
  if (signature !== null) all['_aop_signature'] = signature;
  const response = await fetch(`${sim.url}/openapi/${urlPathFor(1, namespace, apiName, appKey)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
    body: new URLSearchParams(all),
  });
  return { status: response.status, body: parseJsonPreservingBigInts(await response.text()) };
}

export const TRADE = 'com.alibaba.trade';
export const LOGISTICS = 'com.alibaba.logistics';
export const PRODUCT = 'com.alibaba.product';

export const ADDRESS = JSON.stringify({ fullName: '张三', mobile: '15251667788', postCode: '310052', provinceText: '浙江省', cityText: '杭州市', areaText: '滨江区', address: '网商路699号' });

/** Creates an order for `quantity` of the documented T-shirt offer's first spec. */
export async function createOrder(sim: AlibabaSimulator, token: string, outOrderId: string, quantity = 3): Promise<CallResult> {
  return callApi(sim, TRADE, 'alibaba.trade.fastCreateOrder', {
    flow: 'general',
    outOrderId,
    message: '请尽快发货',
    addressParam: ADDRESS,
    cargoParamList: JSON.stringify([{ offerId: 554456348334, specId: 'b266e0726506185beaf205cbae88530d', quantity }]),
  }, { token });
}
