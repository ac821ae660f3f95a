// The 1688 client against the simulator: products, orders, logistics, push pull, business errors and bad payloads.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getLogistics, getLogisticsTrace } from '../../src/alibaba/api/logistics.js';
import { cancelOrder, createOrder, findOrderByOutOrderId, formatChinaDate, getOrder, iterateOrders, listOrders } from '../../src/alibaba/api/orders.js';
import { getProduct } from '../../src/alibaba/api/products.js';
import { confirmPushMessages, listPushMessages } from '../../src/alibaba/api/push.js';
import { FastCreateOrderResult } from '../../src/alibaba/schemas.js';
import { AlibabaApiError } from '../../src/errors.js';
import { T_SHIRT, orderInput, startRig, type Rig } from './alibaba-client-helpers.js';

let rig: Rig;
beforeEach(async () => {
  rig = await startRig();
});
afterEach(async () => {
  await rig.close();
});

const CREATE = { namespace: 'com.alibaba.trade', name: 'alibaba.trade.fastCreateOrder' };

describe('products', () => {
  it('returns a documented offer with its SKUs and tiers as domain types', async () => {
    const p = await getProduct(rig.client, T_SHIRT);
    expect(p.productID).toBe(T_SHIRT);
    expect(p.skuInfos.length).toBeGreaterThan(0);
    expect(typeof p.skuInfos[0]!.specId).toBe('string');
  });

  it('reports an unknown offer as product_not_found', async () => {
    await expect(getProduct(rig.client, '999999999999')).rejects.toMatchObject({ platformCode: 'product_not_found', retryable: false });
  });

  it('reports an offer without a listing relationship as product_no_permission', async () => {
    rig.sim.setOfferPermitted(T_SHIRT, false);
    await expect(getProduct(rig.client, T_SHIRT)).rejects.toMatchObject({ platformCode: 'product_no_permission' });
  });

  it('rejects a malformed payload with bad_response naming the field, without retrying', async () => {
    rig.sim.updateOffer(T_SHIRT, { price: Number.NaN });
    const err = (await getProduct(rig.client, T_SHIRT).catch((e: unknown) => e)) as AlibabaApiError;
    expect(err).toBeInstanceOf(AlibabaApiError);
    expect(err.platformCode).toBe('bad_response');
    expect(err.message).toMatch(/productInfo\.\S*price/);
    expect(rig.sim.stats.callsByApi['com.alibaba.product:alibaba.cross.productInfo']).toBe(1);
  });
});

describe('business errors in HTTP 200 answers', () => {
  it('turns {success:false, errorCode, errorMessage} into an AlibabaApiError with the platform code', async () => {
    await expect(getOrder(rig.client, '1')).rejects.toMatchObject({ platformCode: '404', httpStatus: 200, retryable: false });
  });

  it('turns {success:false, code, message} into an AlibabaApiError unless the caller accepts it', async () => {
    const bad = { flow: 'general', addressParam: { fullName: 'x' }, cargoParamList: [{ offerId: T_SHIRT, quantity: 1 }] };
    await expect(rig.client.call(CREATE, bad, FastCreateOrderResult, { idempotent: false })).rejects.toMatchObject({ platformCode: '400' });
  });

  it('returns a refused order creation as success false with the failed offers', async () => {
    const r = await createOrder(rig.client, { ...orderInput('po-refused'), cargoParamList: [{ offerId: '999999999999', specId: 'x', quantity: 1 }] });
    expect(r).toMatchObject({ success: false, orderId: undefined, code: '500_002' });
    expect(r.failedOfferList[0]).toMatchObject({ offerId: '999999999999', errorCode: '500_002' });
  });
});

describe('orders', () => {
  it('creates an order and returns its id (above 2^53, exact) and amounts in fen', async () => {
    const r = await createOrder(rig.client, orderInput('po-1'));
    expect(r.success).toBe(true);
    expect(r.orderId).toBe(rig.sim.listOrders()[0]!.orderId);
    expect(BigInt(r.orderId!)).toBeGreaterThan(2n ** 53n);
    expect(r.totalSuccessAmountFen).toBe(rig.sim.listOrders()[0]!.totalAmountFen);
  });

  it('treats the documented flat answer with success:false and an orderId as a created order', async () => {
    rig.sim.faults.flatCreateAnswerRate = 1;
    const r = await createOrder(rig.client, orderInput('po-flat'));
    expect([r.success, r.orderId]).toEqual([true, rig.sim.listOrders()[0]!.orderId]);
  });

  it('reads an order back with its outOrderId and items', async () => {
    const { orderId } = await createOrder(rig.client, orderInput('po-2', 4));
    const o = await getOrder(rig.client, orderId!);
    expect(o.baseInfo).toMatchObject({ id: orderId, outOrderId: 'po-2', status: 'waitbuyerpay' });
    expect(o.productItems[0]!.quantity).toBe(4);
  });

  it('pages through the order list until the last page', async () => {
    for (let i = 0; i < 5; i++) await createOrder(rig.client, orderInput(`po-page-${i}`, 2));
    const pages = [];
    for await (const page of iterateOrders(rig.client, { pageSize: 2 })) pages.push(page.orders.map((o) => o.baseInfo.outOrderId));
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(new Set(pages.flat()).size).toBe(5);
  });

  it('stops at the max-pages guard with too_many_pages', async () => {
    for (let i = 0; i < 3; i++) await createOrder(rig.client, orderInput(`po-guard-${i}`, 2));
    const run = async (): Promise<void> => {
      for await (const _ of iterateOrders(rig.client, { pageSize: 1 }, 2)) void _;
    };
    await expect(run()).rejects.toMatchObject({ platformCode: 'too_many_pages' });
  });

  it('filters by modification time sent as yyyyMMddHHmmssSSS+0800', async () => {
    await createOrder(rig.client, orderInput('po-old', 2));
    const after = new Date(Date.now() + 1);
    await new Promise((r) => setTimeout(r, 5));
    await createOrder(rig.client, orderInput('po-new', 2));
    const page = await listOrders(rig.client, { modifyStartTime: after });
    expect(page.orders.map((o) => o.baseInfo.outOrderId)).toEqual(['po-new']);
    expect(formatChinaDate(new Date('2024-01-31T16:30:00.123Z'))).toBe('20240201003000123+0800');
  });

  it('finds an order by outOrderId, and nothing for an unknown one', async () => {
    const { orderId } = await createOrder(rig.client, orderInput('po-find'));
    await createOrder(rig.client, orderInput('po-other'));
    expect((await findOrderByOutOrderId(rig.client, 'po-find'))?.baseInfo.id).toBe(orderId);
    expect(await findOrderByOutOrderId(rig.client, 'po-none')).toBeUndefined();
  });

  it('cancels an unpaid order, and reports a refusal for a paid one', async () => {
    const a = await createOrder(rig.client, orderInput('po-cancel'));
    await cancelOrder(rig.client, a.orderId!, 'buyerCancel');
    expect(rig.sim.listOrders().find((o) => o.orderId === a.orderId)?.status).toBe('cancel');
    const b = await createOrder(rig.client, orderInput('po-paid'));
    rig.sim.payOrder(b.orderId!);
    await expect(cancelOrder(rig.client, b.orderId!)).rejects.toMatchObject({ platformCode: '400' });
  });
});

describe('logistics', () => {
  it('answers shipped:false for 500_2 before the supplier ships', async () => {
    const { orderId } = await createOrder(rig.client, orderInput('po-ship'));
    expect(await getLogistics(rig.client, orderId!)).toEqual({ shipped: false });
    expect(await getLogisticsTrace(rig.client, orderId!)).toEqual([]);
  });

  it('returns the packages and trace once shipped', async () => {
    const { orderId } = await createOrder(rig.client, orderInput('po-ship2'));
    rig.sim.payOrder(orderId!);
    rig.sim.shipOrder(orderId!, { trackingNumber: 'SF1234567890', carrier: 'SF' });
    const info = await getLogistics(rig.client, orderId!);
    expect(info.shipped && info.packages.map((p) => p.logisticsBillNo)).toEqual(['SF1234567890']);
    const trace = await getLogisticsTrace(rig.client, orderId!);
    expect(trace[0]?.logisticsSteps.length).toBeGreaterThan(0);
  });
});

describe('push messages', () => {
  it('lists undelivered messages and confirms them so they are not listed again', async () => {
    const { orderId } = await createOrder(rig.client, orderInput('po-push'));
    const first = await listPushMessages(rig.client, 1, 20);
    expect(first.messages.some((m) => m.type === 'ORDER_BUYER_VIEW_BUYER_MAKE' && m.data['orderId'] !== undefined)).toBe(true);
    expect(await confirmPushMessages(rig.client, first.messages.map((m) => m.msgId))).toBe(true);
    expect((await listPushMessages(rig.client)).messages).toEqual([]);
    expect(orderId).toBeDefined();
  });
});
