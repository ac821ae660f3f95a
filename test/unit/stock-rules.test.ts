import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InventoryChangeMessageData, ProductInfo } from '../../src/alibaba/schemas.js';
import { judgeStock, planStock, readingsOfInventoryMessage, readingsOfOffer, type StockRules } from '../../src/mapping/stock.js';

const ALL: StockRules = { openOrders: true, minimum: 20, dropPercent: 50 };
const rulesOf = (s: { previous?: number; stock: number; need?: number }, r: StockRules = ALL): string[] =>
  judgeStock({ previous: s.previous, stock: s.stock, need: s.need ?? 0 }, r).map((f) => f.rule);

describe('judgeStock', () => {
  it('flags stock below what open purchase orders need', () => {
    expect(rulesOf({ previous: 100, stock: 90, need: 91 })).toEqual(['below_open_orders']);
  });
  it('does not flag stock that exactly covers the open orders', () => {
    expect(rulesOf({ previous: 100, stock: 91, need: 91 })).toEqual([]);
  });
  it('does not flag open orders when that rule is off', () => {
    expect(rulesOf({ stock: 1, need: 91 }, { ...ALL, openOrders: false, minimum: 0 })).toEqual([]);
  });
  it('flags stock below the minimum, and not at it', () => {
    expect(rulesOf({ stock: 19 })).toEqual(['below_minimum']);
    expect(rulesOf({ stock: 20 })).toEqual([]);
  });
  it('turns the minimum off at 0', () => {
    expect(rulesOf({ stock: 0 }, { ...ALL, minimum: 0 })).toEqual([]);
  });
  it('flags a drop of more than the percent, not of exactly the percent', () => {
    expect(rulesOf({ previous: 1000, stock: 499 })).toEqual(['drop']);
    expect(rulesOf({ previous: 1000, stock: 500 })).toEqual([]);
  });
  it('sees no drop on the first read, on a rise, or from zero', () => {
    expect(rulesOf({ stock: 30 })).toEqual([]);
    expect(rulesOf({ previous: 30, stock: 900 })).toEqual([]);
    expect(rulesOf({ previous: 0, stock: 0 }, { ...ALL, minimum: 0 })).toEqual([]);
  });
  it('names the figures it compared in its summary', () => {
    const [f] = judgeStock({ previous: 1000, stock: 100, need: 0 }, { ...ALL, minimum: 0 });
    expect(f!.summary).toBe('supplier stock fell 90% from 1000 to 100 (more than 50%)');
  });
});

describe('planStock', () => {
  const findings = judgeStock({ previous: 1000, stock: 5, need: 10 }, ALL);
  it('opens conditions that are not open yet and reports the drop', () => {
    const plan = planStock(findings, new Set(), true);
    expect(plan.open.map((f) => f.rule)).toEqual(['below_open_orders', 'below_minimum']);
    expect(plan.events.map((f) => f.rule)).toEqual(['drop']);
  });
  it('reports nothing for conditions already open', () => {
    expect(planStock(findings, new Set(['below_open_orders', 'below_minimum']), true).open).toEqual([]);
  });
  it('reports no drop when the stock did not change (a replayed reading)', () => {
    expect(planStock(findings, new Set(), false).events).toEqual([]);
  });
  it('clears open conditions that no longer hold', () => {
    expect(planStock([], new Set(['below_minimum', 'below_open_orders']), true).clear.sort()).toEqual(['below_minimum', 'below_open_orders']);
  });
});

describe('stock readings', () => {
  it('reads each SKU’s amountOnSale from the documented product.simple.get example, ids as strings', () => {
    const raw = JSON.parse(readFileSync(new URL('../../fixtures/1688/alibaba.product.simple.get.response.json', import.meta.url), 'utf8')) as { productInfo: unknown };
    const offer = ProductInfo.parse(raw.productInfo);
    const readings = readingsOfOffer(offer, new Date('2025-06-01T10:00:00.456Z'));
    expect(readings.map((r) => [r.specId, r.skuId, r.stock])).toEqual([
      ['e59a659a891496dc81829ef0e5b34d12', '3810851782509', 6000],
      ['a7776ca120e0ccf6cc14b191b6d68f2e', '3810851782510', 500],
      ['2a8cfead182437b1723d9622e18a98f3', '3810851782511', 36],
    ]);
    expect(readings[0]!.readAt).toBe('2025-06-01T10:00:00.000Z');
  });
  it('reads the documented inventory push example: the SKU’s new stock at bizTime', () => {
    const raw = JSON.parse(readFileSync(new URL('../../fixtures/1688/PRODUCT_PRODUCT_INVENTORY_CHANGE.message.json', import.meta.url), 'utf8')) as unknown;
    const [reading, ...rest] = readingsOfInventoryMessage(InventoryChangeMessageData.parse(raw), new Date());
    expect(rest).toEqual([]);
    expect(reading).toEqual({ offerId: '1234567890', skuId: '1234567890', stock: 20, readAt: new Date(1564984329147).toISOString(), source: 'push' });
  });
  it('takes the offer’s stock for a change that names no SKU, and the receipt time without bizTime', () => {
    const received = new Date('2025-06-01T10:00:00Z');
    const data = InventoryChangeMessageData.parse({ OfferInventoryChangeList: [{ offerId: 5, offerOnSale: 12.7 }] });
    expect(readingsOfInventoryMessage(data, received)).toEqual([{ offerId: '5', stock: 13, readAt: received.toISOString(), source: 'push' }]);
  });
});
