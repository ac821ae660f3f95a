// Simulated orders: careless creation, the incremental list, shipment and logistics, and the dropped-response fault.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FastCreateOrderResult,
  LogisticsInfosResponse,
  LogisticsTraceResponse,
  OrderDetailResponse,
  OrderListResponse,
  normaliseBusinessError,
} from '../../src/alibaba/schemas.js';
import { startAlibabaSimulator, type AlibabaSimulator } from '../../src/sandbox/alibaba/index.js';
import { LOGISTICS, TRADE, callApi, createOrder } from './alibaba-sim-helpers.js';
import { formatApiDate } from '../../src/sandbox/alibaba/util.js';
import { loadFixtureJson } from '../helpers/fixtures.js';

let sim: AlibabaSimulator;
let token: string;

beforeEach(async () => {
  sim = await startAlibabaSimulator({ offers: 0 });
  token = sim.issueToken().accessToken;
});
afterEach(async () => {
  await sim.close();
});

const list = (params: Record<string, string>) => callApi(sim, TRADE, 'alibaba.trade.getBuyerOrderList', params, { token });
const detail = (orderId: string) => callApi(sim, TRADE, 'alibaba.trade.get.buyerView', { webSite: '1688', orderId }, { token });
const logistics = (orderId: string) => callApi(sim, LOGISTICS, 'alibaba.trade.getLogisticsInfos.buyerView', { webSite: '1688', orderId }, { token });
const orderIdOf = async (outOrderId: string, quantity = 3): Promise<string> =>
  FastCreateOrderResult.parse((await createOrder(sim, token, outOrderId, quantity)).body).orderId!;

describe('fastCreateOrder', () => {
  it('creates an order from the documented request sample, amounts in fen', async () => {
    const sample = loadFixtureJson('alibaba.trade.fastCreateOrder.request.json') as Record<string, string>;
    const r = FastCreateOrderResult.parse((await callApi(sim, TRADE, 'alibaba.trade.fastCreateOrder', sample, { token })).body);
    expect([r.orderCreated, r.totalSuccessAmountFen! - r.postFeeFen!]).toEqual([true, 5 * 1550 + 6 * 1650]);
  });

  it('gives order ids above 2^53', async () => {
    expect(BigInt(await orderIdOf('PO-1')) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
  });

  it('creates a second order for a repeated outOrderId', async () => {
    const [a, b] = [await orderIdOf('PO-DUP'), await orderIdOf('PO-DUP')];
    expect([a !== b, sim.listOrders().filter((o) => o.outOrderId === 'PO-DUP').length]).toEqual([true, 2]);
  });

  it('rejects a quantity below the minimum order quantity', async () => {
    const r = await createOrder(sim, token, 'PO-MIN', 1);
    expect([normaliseBusinessError(r.body)?.code, sim.listOrders().length]).toEqual(['500_004', 0]);
  });

  it('lists an unknown spec in failedOfferList and orders the rest', async () => {
    const cargo = [{ offerId: 554456348334, specId: 'b266e0726506185beaf205cbae88530d', quantity: 2 }, { offerId: 554456348334, specId: 'nope', quantity: 2 }];
    const r = await callApi(sim, TRADE, 'alibaba.trade.fastCreateOrder', { flow: 'general', addressParam: '{"fullName":"李四","mobile":"13800138000","address":"x"}', cargoParamList: JSON.stringify(cargo) }, { token });
    const parsed = FastCreateOrderResult.parse(r.body);
    expect([parsed.orderCreated, parsed.failedOfferList.map((f) => f.specId)]).toEqual([true, ['nope']]);
  });

  it('keeps the order when the response is dropped after creation', async () => {
    sim.faults.dropAfterCreateRate = 1;
    await expect(createOrder(sim, token, 'PO-DROP')).rejects.toThrow();
    expect([sim.listOrders().map((o) => o.outOrderId), sim.stats.faultsInjected.dropAfterCreate]).toEqual([['PO-DROP'], 1]);
  });

  it('answers in the flat success:false shape when asked, still carrying the orderId', async () => {
    sim.faults.flatCreateAnswerRate = 1;
    const r = FastCreateOrderResult.parse((await createOrder(sim, token, 'PO-FLAT')).body);
    expect([r.success, r.orderId]).toEqual([false, sim.listOrders()[0]?.orderId]);
  });
});

describe('order detail and list', () => {
  it('shows the order in detail with prices in yuan and its outOrderId', async () => {
    const id = await orderIdOf('PO-D');
    const d = OrderDetailResponse.parse((await detail(id)).body).result!;
    expect([d.baseInfo.id, d.baseInfo.outOrderId, d.baseInfo.status, d.productItems[0]?.price, d.productItems[0]?.quantity]).toEqual([id, 'PO-D', 'waitbuyerpay', 15.5, 3]);
  });

  it('finds an order by outOrderId', async () => {
    await orderIdOf('PO-A');
    const id = await orderIdOf('PO-B');
    const page = OrderListResponse.parse((await list({ outOrderId: 'PO-B' })).body);
    expect([page.totalRecord, page.result[0]?.baseInfo.id]).toEqual([1, id]);
  });

  it('lists only orders modified since modifyStartTime, paged', async () => {
    for (const n of [1, 2, 3]) await orderIdOf(`OLD-${n}`);
    sim.clockOffsetMs = 60_000;
    for (const n of [1, 2, 3, 4, 5]) await orderIdOf(`NEW-${n}`);
    const since = formatApiDate(Date.now() + 30_000);
    const page1 = OrderListResponse.parse((await list({ modifyStartTime: since, page: '1', pageSize: '2' })).body);
    const page3 = OrderListResponse.parse((await list({ modifyStartTime: since, page: '3', pageSize: '2' })).body);
    const ids = [...page1.result, ...page3.result].map((o) => o.baseInfo.outOrderId);
    expect([page1.totalRecord, page1.result.length, page3.result.length, ids.every((o) => o?.startsWith('NEW-'))]).toEqual([5, 2, 1, true]);
  });

  it('moves an order to a later modifyTime when it is paid', async () => {
    const id = await orderIdOf('PO-P');
    const before = OrderDetailResponse.parse((await detail(id)).body).result!.baseInfo.modifyTime!;
    sim.clockOffsetMs = 5000;
    sim.payOrder(id);
    const after = OrderDetailResponse.parse((await detail(id)).body).result!.baseInfo;
    expect([after.status, after.modifyTime!.getTime() - before.getTime() >= 5000]).toEqual(['waitsellersend', true]);
  });

  it('cancels an unpaid order through alibaba.trade.cancel', async () => {
    const id = await orderIdOf('PO-C');
    await callApi(sim, TRADE, 'alibaba.trade.cancel', { webSite: '1688', tradeID: id, cancelReason: 'buyerCancel' }, { token });
    expect(sim.listOrders()[0]?.status).toBe('cancel');
  });
});

describe('logistics', () => {
  it('answers 500_2 before the order is shipped', async () => {
    const id = await orderIdOf('PO-L1');
    sim.payOrder(id);
    expect(normaliseBusinessError((await logistics(id)).body)?.code).toBe('500_2');
  });

  it('lists every package after a shipment in two packages', async () => {
    const cargo = [{ offerId: 554456348334, specId: 'b266e0726506185beaf205cbae88530d', quantity: 2 }, { offerId: 554456348334, specId: '2ba3d63866a71fbae83909d9b4814f01', quantity: 2 }];
    const created = await callApi(sim, TRADE, 'alibaba.trade.fastCreateOrder', { flow: 'general', addressParam: '{"fullName":"李四","mobile":"13800138000","address":"x"}', cargoParamList: JSON.stringify(cargo) }, { token });
    const id = FastCreateOrderResult.parse(created.body).orderId!;
    sim.payOrder(id);
    sim.shipOrder(id, { packages: [{ trackingNumber: 'ZT1001', carrier: 'ZTO' }, { trackingNumber: 'YT2002', carrier: '圆通速递' }] });
    const infos = LogisticsInfosResponse.parse((await logistics(id)).body).result;
    expect(infos.map((i) => [i.logisticsBillNo, i.logisticsCompanyName, i.orderEntryIds.length])).toEqual([['ZT1001', '中通快递', 1], ['YT2002', '圆通速递', 1]]);
  });

  it('keeps a partly shipped order in waitsellersend until the rest ships', async () => {
    const sample = loadFixtureJson('alibaba.trade.fastCreateOrder.request.json') as Record<string, string>;
    const id = FastCreateOrderResult.parse((await callApi(sim, TRADE, 'alibaba.trade.fastCreateOrder', sample, { token })).body).orderId!;
    sim.payOrder(id);
    const partly = sim.shipOrder(id, { partial: true, trackingNumber: 'SF1' }).status;
    expect([partly, sim.shipOrder(id, { trackingNumber: 'SF2' }).status]).toEqual(['waitsellersend', 'waitbuyerreceive']);
  });

  it('shows tracking steps with the order id after shipment over the control API', async () => {
    const id = await orderIdOf('PO-T');
    await fetch(`${sim.url}/_control/orders/${id}/pay`, { method: 'POST' });
    await fetch(`${sim.url}/_control/orders/${id}/ship`, { method: 'POST', body: JSON.stringify({ trackingNumber: 'ZT42', carrier: 'ZTO' }) });
    const trace = LogisticsTraceResponse.parse((await callApi(sim, LOGISTICS, 'alibaba.trade.getLogisticsTraceInfo.buyerView', { webSite: '1688', orderId: id }, { token })).body);
    expect([trace.logisticsTrace[0]?.orderId, trace.logisticsTrace[0]?.logisticsBillNo, trace.logisticsTrace[0]?.logisticsSteps.length]).toEqual([id, 'ZT42', 1]);
  });
});
