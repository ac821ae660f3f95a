// The simulated gateway: signature, app key, ACL, token, parameter and flow-control checks, and product detail.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatewayError, ProductInfoResponse, normaliseBusinessError } from '../../src/alibaba/schemas.js';
import { startAlibabaSimulator, type AlibabaSimulator } from '../../src/sandbox/alibaba/index.js';
import { PRODUCT, TRADE, callApi } from './alibaba-sim-helpers.js';

let sim: AlibabaSimulator;
let token: string;

beforeEach(async () => {
  sim = await startAlibabaSimulator({ offers: 30, seed: 7, deniedApis: ['alibaba.trade.cancel'] });
  token = sim.issueToken().accessToken;
});
afterEach(async () => {
  await sim.close();
});

const productInfo = (productId: string, opts = {}) => callApi(sim, PRODUCT, 'alibaba.cross.productInfo', { productId }, { token, ...opts });

describe('gateway checks', () => {
  it('rejects a wrong signature with HTTP 400 gw.SignatureInvalid', async () => {
    const r = await productInfo('584051070147', { signature: 'A'.repeat(40) });
    expect([r.status, GatewayError.parse(r.body).code]).toEqual([400, 'gw.SignatureInvalid']);
  });

  it('rejects a call without signature with gw.SignatureMissing', async () => {
    const r = await productInfo('584051070147', { signature: null });
    expect([r.status, GatewayError.parse(r.body).code]).toEqual([400, 'gw.SignatureMissing']);
  });

  it('includes a request_id in gateway errors', async () => {
    const r = await productInfo('584051070147', { signature: null });
    expect(GatewayError.parse(r.body).requestId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('rejects an unknown app key with gw.AppKeyMissing', async () => {
    const r = await productInfo('584051070147', { appKey: '999' });
    expect(GatewayError.parse(r.body).code).toBe('gw.AppKeyMissing');
  });

  it('rejects an unknown API with gw.APIUnsupported', async () => {
    const r = await callApi(sim, TRADE, 'alibaba.trade.nothing', {}, { token });
    expect(GatewayError.parse(r.body).code).toBe('gw.APIUnsupported');
  });

  it('rejects a denied API with gw.APIACLDecline', async () => {
    const r = await callApi(sim, TRADE, 'alibaba.trade.cancel', { webSite: '1688', tradeID: '1', cancelReason: 'other' }, { token });
    expect([r.status, GatewayError.parse(r.body).code]).toEqual([400, 'gw.APIACLDecline']);
  });

  it('answers 401 "Request need user authenticated" without a token', async () => {
    const r = await productInfo('584051070147', { token: undefined });
    expect([r.status, GatewayError.parse(r.body).message]).toEqual([401, 'Request need user authenticated']);
  });

  it('rejects a missing required parameter with gw.ParamMissing', async () => {
    const r = await callApi(sim, PRODUCT, 'alibaba.cross.productInfo', {}, { token });
    expect(GatewayError.parse(r.body).code).toBe('gw.ParamMissing');
  });
});

describe('flow control', () => {
  it('answers gw.QosAppFrequencyLimit above the configured rate', async () => {
    sim.rateLimitPerSecond = 3;
    const results = await Promise.all(Array.from({ length: 6 }, () => productInfo('584051070147')));
    const codes = results.map((r) => (r.status === 400 ? GatewayError.parse(r.body).code : 'ok'));
    expect([codes.filter((c) => c === 'ok').length, codes.filter((c) => c === 'gw.QosAppFrequencyLimit').length]).toEqual([3, 3]);
  });

  it('records the highest number of calls seen in one second', async () => {
    await Promise.all(Array.from({ length: 5 }, () => productInfo('584051070147')));
    expect(sim.stats.maxCallsPerSecond).toBe(5);
  });

  it('counts calls per API', async () => {
    await productInfo('584051070147');
    expect(sim.stats.callsByApi['com.alibaba.product:alibaba.cross.productInfo']).toBe(1);
  });
});

describe('product detail', () => {
  it('serves the documented offer in a shape the schemas parse', async () => {
    const r = await productInfo('584051070147');
    const info = ProductInfoResponse.parse(r.body).productInfo;
    expect([info?.subject, info?.skuInfos[0]?.specId, info?.skuInfos[0]?.price]).toEqual(['高端气质OL韩版雪纺女装套头半高领长袖修身型蕾丝衫', 'fb82997a5b64af3c729cea89bef44409', 40]);
  });

  it('serves every generated offer in a shape the schemas parse', async () => {
    const ids = sim.listOffers().map((o) => o.productId);
    const parsed = await Promise.all(ids.map(async (id) => ProductInfoResponse.safeParse((await productInfo(id)).body).success));
    expect(parsed.every(Boolean) && parsed.length === 32).toBe(true);
  });

  it('generates the same catalog for the same seed', async () => {
    const other = await startAlibabaSimulator({ offers: 30, seed: 7 });
    try {
      expect(other.listOffers()).toEqual(sim.listOffers());
    } finally {
      await other.close();
    }
  });

  it('generates offers with and without SKUs and of every quote type', () => {
    const offers = sim.listOffers();
    expect([offers.some((o) => o.skus === 0), new Set(offers.map((o) => o.quoteType)).size]).toEqual([true, 3]);
  });

  it('answers an unknown product with 商品[ID]不存在', async () => {
    const r = await productInfo('123');
    expect(normaliseBusinessError(r.body)?.message).toBe('商品[123]不存在');
  });

  it('answers an offer without listing relationship with the no-permission message', async () => {
    sim.setOfferPermitted('584051070147', false);
    expect(normaliseBusinessError((await productInfo('584051070147')).body)?.message).toBe('没有该商品的查询权限');
  });

  it('shows a changed price and a later modifyTime after an offer update', async () => {
    const before = ProductInfoResponse.parse((await productInfo('584051070147')).body).productInfo!;
    sim.updateOffer('584051070147', { price: 42.5 });
    const after = ProductInfoResponse.parse((await productInfo('584051070147')).body).productInfo!;
    expect([after.skuInfos[0]?.price, after.modifyTime! > before.modifyTime!]).toEqual([42.5, true]);
  });

  it('serves product images as PNG bytes from the simulator', async () => {
    const info = ProductInfoResponse.parse((await productInfo('584051070147')).body).productInfo!;
    const response = await fetch(sim.imageBaseUrl + info.image.images[0]!);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([response.headers.get('content-type'), bytes.subarray(1, 4).toString('ascii')]).toEqual(['image/png', 'PNG']);
  });
});

describe('fault injection', () => {
  it('answers HTTP 500 ISPInvokeError when every call is set to fail', async () => {
    sim.faults.serverErrorRate = 1;
    const r = await productInfo('584051070147');
    expect([r.status, GatewayError.parse(r.body).code, sim.stats.faultsInjected.serverError]).toEqual([500, 'ISPInvokeError', 1]);
  });

  it('resets the connection when asked to', async () => {
    sim.faults.resetRate = 1;
    await expect(productInfo('584051070147')).rejects.toThrow();
  });

  it('holds a timed-out call for the configured time before dropping it', async () => {
    sim.faults.timeoutRate = 1;
    sim.faults.timeoutHoldMs = 150;
    const started = Date.now();
    await expect(productInfo('584051070147')).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('answers gw.QosAppFrequencyLimit as an injected fault', async () => {
    sim.faults.flowControlRate = 1;
    expect(GatewayError.parse((await productInfo('584051070147')).body).code).toBe('gw.QosAppFrequencyLimit');
  });

  it('accepts fault knobs over the control API', async () => {
    await fetch(`${sim.url}/_control/faults`, { method: 'POST', body: JSON.stringify({ serverErrorRate: 1 }) });
    expect((await productInfo('584051070147')).status).toBe(500);
  });
});
