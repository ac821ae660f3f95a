// The 1688 client under faults: retries, flow control and pacing, exactly-once order creation, gateway errors.
import { afterEach, describe, expect, it } from 'vitest';
import { createOrder, findOrderByOutOrderId } from '../../src/alibaba/api/orders.js';
import { getProduct } from '../../src/alibaba/api/products.js';
import { UnknownOutcomeError } from '../../src/alibaba/client.js';
import { ExitCode, RemoteUnavailableError, type AlibabaApiError } from '../../src/errors.js';
import { T_SHIRT, orderInput, startRig, type Rig } from './alibaba-client-helpers.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const PRODUCT_API = 'com.alibaba.product:alibaba.cross.productInfo';
const CREATE_API = 'com.alibaba.trade:alibaba.trade.fastCreateOrder';

describe('retries', () => {
  it('retries 5xx answers and connection resets until every call succeeds', async () => {
    rig = await startRig({ sim: { seed: 3, faults: { serverErrorRate: 0.3, resetRate: 0.2 } } });
    const results = await Promise.all(Array.from({ length: 20 }, () => getProduct(rig!.client, T_SHIRT)));
    expect(results.every((p) => p.productID === T_SHIRT)).toBe(true);
    const injected = rig.sim.stats.faultsInjected;
    expect(injected.serverError + injected.reset).toBeGreaterThan(0);
    expect(rig.client.stats.retries).toBe(injected.serverError + injected.reset);
  });

  it('retries a timed-out call', async () => {
    rig = await startRig({ config: { timeoutMs: 150 }, sim: { faults: { timeoutRate: 1, timeoutHoldMs: 1_000 } } });
    setTimeout(() => (rig!.sim.faults.timeoutRate = 0), 200);
    await expect(getProduct(rig.client, T_SHIRT)).resolves.toMatchObject({ productID: T_SHIRT });
    expect(rig.sim.stats.faultsInjected.timeout).toBeGreaterThan(0);
  });

  it('gives up after maxAttempts with RemoteUnavailableError (exit 4)', async () => {
    rig = await startRig({ config: { retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, budgetMs: 5_000 } }, sim: { faults: { serverErrorRate: 1 } } });
    const err = await getProduct(rig.client, T_SHIRT).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteUnavailableError);
    expect((err as RemoteUnavailableError).exitCode).toBe(ExitCode.RemoteUnavailable);
    expect(rig.sim.stats.callsByApi[PRODUCT_API]).toBe(3);
  });
});

describe('flow control', () => {
  it('finishes 60 concurrent calls at a client rate above the remote limit, slowing down on gw.QosAppFrequencyLimit', async () => {
    rig = await startRig({ sim: { rateLimitPerSecond: 10 }, config: { rateLimit: 20, concurrency: 8, retry: { maxAttempts: 10, baseDelayMs: 10, maxDelayMs: 200, budgetMs: 60_000 } } });
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 60 }, () => getProduct(rig!.client, T_SHIRT)));
    const seconds = (performance.now() - started) / 1_000;
    expect(results).toHaveLength(60);
    const { stats } = rig.sim;
    expect(stats.rejectedByFlowControl).toBeGreaterThan(0);
    expect(rig.client.stats.flowControlled).toBe(stats.rejectedByFlowControl);
    expect(rig.client.pacer.limiter.throttled).toBeGreaterThan(0);
    // Accepted calls never exceed the limit (the simulator rejects the rest); what it saw stays near the client rate.
    expect(stats.maxCallsPerSecond).toBeLessThanOrEqual(21);
    console.info(`flow control: 60 calls in ${seconds.toFixed(1)}s = ${(60 / seconds).toFixed(1)} calls/s, ${stats.rejectedByFlowControl} rejected, max seen ${stats.maxCallsPerSecond}/s`);
  }, 60_000);

  it('is never flow-controlled when the client rate is at the remote limit', async () => {
    rig = await startRig({ sim: { rateLimitPerSecond: 10 }, config: { rateLimit: 10, concurrency: 8 } });
    const started = performance.now();
    await Promise.all(Array.from({ length: 30 }, () => getProduct(rig!.client, T_SHIRT)));
    const seconds = (performance.now() - started) / 1_000;
    expect(rig.sim.stats.rejectedByFlowControl).toBe(0);
    expect(rig.sim.stats.maxCallsPerSecond).toBeLessThanOrEqual(10);
    console.info(`paced: 30 calls in ${seconds.toFixed(1)}s = ${(30 / seconds).toFixed(1)} calls/s, max seen ${rig.sim.stats.maxCallsPerSecond}/s`);
  }, 30_000);
});

describe('exactly once toward fastCreateOrder', () => {
  it('reports a dropped answer as UnknownOutcomeError without resending, and the order can be found by outOrderId', async () => {
    rig = await startRig({ sim: { faults: { dropAfterCreateRate: 1 } } });
    const err = await createOrder(rig.client, orderInput('po-drop')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownOutcomeError);
    expect(err).toMatchObject({ platformCode: 'unknown_outcome', retryable: false });
    expect(rig.sim.stats.callsByApi[CREATE_API]).toBe(1);
    expect(rig.sim.listOrders()).toHaveLength(1);
    expect((await findOrderByOutOrderId(rig.client, 'po-drop'))?.baseInfo.id).toBe(rig.sim.listOrders()[0]!.orderId);
  });

  it('reports a 5xx on order creation as UnknownOutcomeError after exactly one attempt', async () => {
    rig = await startRig({ sim: { faults: { serverErrorRate: 1 } } });
    await expect(createOrder(rig.client, orderInput('po-5xx'))).rejects.toBeInstanceOf(UnknownOutcomeError);
    expect(rig.sim.stats.callsByApi[CREATE_API]).toBe(1);
  });

  it('resends an order creation the gateway refused by flow control (it never ran)', async () => {
    rig = await startRig({ sim: { faults: { flowControlRate: 1 } } });
    setTimeout(() => (rig!.sim.faults.flowControlRate = 0), 30);
    const r = await createOrder(rig.client, orderInput('po-qos'));
    expect(r.orderId).toBeDefined();
    expect(rig.sim.listOrders()).toHaveLength(1);
  });
});

describe('gateway errors', () => {
  it('reports gw.APIACLDecline with a hint to grant the API in the console', async () => {
    rig = await startRig({ sim: { deniedApis: ['alibaba.cross.productInfo'] } });
    const err = (await getProduct(rig.client, T_SHIRT).catch((e: unknown) => e)) as AlibabaApiError;
    expect(err).toMatchObject({ platformCode: 'gw.APIACLDecline', httpStatus: 400, retryable: false, api: PRODUCT_API });
    expect(err.hint).toContain('1688 developer console');
    expect(err.requestId).toMatch(/^[0-9a-f]+$/);
  });

  it('logs a parameter rejection at warn with the request, secrets masked', async () => {
    rig = await startRig();
    await expect(getProduct(rig.client, '')).rejects.toMatchObject({ platformCode: 'gw.ParamMissing' });
    const warn = rig.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['level'] === 'warn');
    expect(warn).toMatchObject({ msg: '1688 rejected the request', platformCode: 'gw.ParamMissing', params: { access_token: '***', _aop_signature: '***' } });
    expect((warn!['params'] as Record<string, unknown>)['_aop_timestamp']).toMatch(/^\d+$/);
  });
});
