// Significant supplier stock changes: each rule, reported once in the summary, the PO chatter and an alert; reconcile lists them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/state/store.js';
import { skuLinks, supplierPartner, type SkuLink } from '../helpers/orders.js';
import { startSims, type Sims } from '../helpers/sims.js';
import { withState as withStateFile } from '../helpers/state.js';
import { tempDir } from '../helpers/temp.js';
import { receiver } from './observability-helpers.js';
import { contextOf, serveOn, until } from './serve-helpers.js';

let sims: Sims;
let skus: SkuLink[];
let hook: Awaited<ReturnType<typeof receiver>>;

const RULES = '  stock:\n    openOrders: true\n    minimum: 20\n    dropPercent: 50\n';
const ALERTS = 'alerts:\n  sinks:\n    - type: webhook\n      url: ${HOOK_URL}\n';

interface Significant {
  offerId: string;
  specId: string;
  rule: string;
  poIds: number[];
  summary: string;
}

beforeAll(async () => {
  hook = await receiver(202);
  sims = await startSims(tempDir('aos-stock-rules-'), { alibaba: { offers: 6, seed: 5 }, sync: RULES, extra: ALERTS, env: { HOOK_URL: hook.url } });
  sims.seedToken();
  const offers = sims.alibaba.listOffers().map((o) => o.productId);
  // Plenty everywhere first, so the import itself flags nothing.
  for (const o of offers) sims.alibaba.updateOffer(o, { stock: 1_000 });
  const r = await sims.cli(['pull-products', ...offers.flatMap((o) => ['--offer', o])]);
  if (r.code !== 0) throw new Error(r.stdout + r.stderr);
  skus = skuLinks(sims).filter((s) => s.specId !== '');
  expect(hook.requests).toHaveLength(0);
});
afterAll(async () => sims.close());

async function setStock(sku: SkuLink, stock: number): Promise<Significant[]> {
  sims.alibaba.updateOffer(sku.offerId, { skuStock: { [sku.specId]: stock } });
  return refresh(sku);
}

async function refresh(sku: SkuLink, extra: string[] = []): Promise<Significant[]> {
  const r = await sims.cli(['pull-products', '--stock-only', '--json', '--offer', sku.offerId, ...extra]);
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { stock: { significant: Significant[] } }).stock.significant;
}

const rules = (found: readonly Significant[]): string[] => found.map((f) => f.rule).sort();
const alertsFor = (sku: SkuLink): Record<string, unknown>[] =>
  hook.requests.map((r) => r.body).filter((b) => JSON.stringify(b.details).includes(sku.specId));
const notes = (poId: number): string[] =>
  sims.odoo.store.searchRead('mail.message', [['model', '=', 'purchase.order'], ['res_id', '=', poId]], ['body']).map((m) => (typeof m.body === 'string' ? m.body : '')).filter((b) => b.includes('[aos-stock '));
const withState = <T>(fn: (store: Store) => T): T => withStateFile(sims.state, fn);

describe('significant supplier stock changes', () => {
  it('flags stock that falls below the minimum (and the steep drop to it), once, with one alert', async () => {
    const sku = skus[0]!;
    const found = await setStock(sku, 5);
    expect(rules(found)).toEqual(['below_minimum', 'drop']);
    expect(found.every((f) => f.specId === sku.specId)).toBe(true);
    const sent = alertsFor(sku);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ status: 'firing', severity: 'warning' });
    expect(String(sent[0]!.rule)).toMatch(/^supplier_stock:\d+$/);
  });

  it('does not report the same condition again while it holds', async () => {
    const sku = skus[0]!;
    expect(await refresh(sku)).toEqual([]);
    expect(await setStock(sku, 4)).toEqual([]);
    expect(alertsFor(sku)).toHaveLength(1);
  });

  it('reports the minimum again after the stock recovered and fell once more', async () => {
    const sku = skus[0]!;
    expect(await setStock(sku, 100)).toEqual([]);
    expect(rules(await setStock(sku, 10))).toEqual(['below_minimum', 'drop']);
    expect(alertsFor(sku)).toHaveLength(2);
  });

  it('flags a fall by more than the percentage, and not a smaller one after it', async () => {
    const sku = skus[1]!;
    expect(rules(await setStock(sku, 400))).toEqual(['drop']);
    expect(await setStock(sku, 300)).toEqual([]);
  });

  it('flags stock below what open purchase orders need, and notes it once on each', async () => {
    const sku = skus[2]!;
    const partnerId = supplierPartner(sims, sku.supplierId);
    const draft = sims.odoo.seedPurchaseOrder({ partnerId, lines: [{ productId: sku.variantId, qty: 500, price: 5 }] });
    const confirmed = sims.odoo.seedPurchaseOrder({ partnerId, lines: [{ productId: sku.variantId, qty: 300, price: 5 }] });
    sims.odoo.confirmPurchaseOrder(confirmed);
    const found = await setStock(sku, 700);
    expect(rules(found)).toEqual(['below_open_orders']);
    expect(found[0]!.summary).toContain('800');
    expect(found[0]!.poIds.sort()).toEqual([draft, confirmed].sort());
    expect(notes(draft)).toHaveLength(1);
    expect(notes(confirmed)).toHaveLength(1);
    expect(notes(draft)[0]).toContain('below the 800');
    expect(await refresh(sku)).toEqual([]);
    expect(notes(draft)).toHaveLength(1);
  });

  it('does not count purchase orders already sent to 1688', async () => {
    const sku = skus[3]!;
    const sent = sims.odoo.seedPurchaseOrder({ partnerId: supplierPartner(sims, sku.supplierId), lines: [{ productId: sku.variantId, qty: 900, price: 5 }] });
    sims.odoo.confirmPurchaseOrder(sent);
    sims.odoo.store.write('purchase.order', [sent], { x_alibaba_order_id: '3012345678901234567' });
    expect(await setStock(sku, 800)).toEqual([]);
    expect(notes(sent)).toHaveLength(0);
  });

  it('does not post a note twice when a run stopped after posting it', async () => {
    const sku = skus[2]!;
    const [event] = withState((s) => s.stock.current('1970-01-01T00:00:00Z').filter((e) => e.specId === sku.specId && e.rule === 'below_open_orders'));
    const poId = event!.poIds[0]!;
    const before = notes(poId).length;
    // As if the run had died between message_post and recording that it was posted.
    withState((s) => s.stock.setChatter([event!.id], 'posting'));
    await refresh(sku);
    expect(notes(poId)).toHaveLength(before);
    expect(withState((s) => s.stock.owedChatter())).toEqual([]);
  });

  it('drops a note whose purchase order was deleted, instead of retrying it forever', async () => {
    const sku = skus[2]!;
    const [event] = withState((s) => s.stock.current('1970-01-01T00:00:00Z').filter((e) => e.specId === sku.specId && e.rule === 'below_open_orders'));
    withState((s) => s.db.prepare("UPDATE stock_events SET po_ids = '[999999]', chatter = 'pending' WHERE id = ?").run(event!.id));
    const r = await sims.cli(['pull-products', '--stock-only', '--offer', sku.offerId]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('could not post');
    expect(notes(999999)).toEqual([]);
    expect(withState((s) => s.stock.owedChatter())).toEqual([]);
  });

  it('only lists what it would report in a dry run, and records nothing', async () => {
    const sku = skus[4]!;
    sims.alibaba.updateOffer(sku.offerId, { skuStock: { [sku.specId]: 1 } });
    const alerts = hook.requests.length;
    const r = await sims.cli(['pull-products', '--stock-only', '--dry-run', '--offer', sku.offerId]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('would report');
    expect(r.stdout).toContain('below the minimum of 20');
    expect(hook.requests).toHaveLength(alerts);
    expect(withState((s) => s.stock.current('1970-01-01T00:00:00Z').filter((e) => e.specId === sku.specId))).toEqual([]);
  });

  it('reports a change that arrives by push message through serve', async () => {
    const sku = skus[5]!;
    const ctx = contextOf(sims);
    const server = await serveOn(ctx);
    sims.alibaba.pushConfig.url = `${server.url}/webhooks/1688`;
    sims.alibaba.updateOffer(sku.offerId, { skuStock: { [sku.specId]: 2 } });
    await sims.alibaba.flushPush();
    await until(() => alertsFor(sku).length === 1);
    sims.alibaba.pushConfig.url = undefined;
    await ctx.close();
    const events = withState((s) => s.stock.current('1970-01-01T00:00:00Z').filter((e) => e.specId === sku.specId));
    expect(events.map((e) => e.rule).sort()).toEqual(['below_minimum', 'drop']);
  });

  it('lists the conditions that hold and the recent changes in reconcile, apart from the order differences', async () => {
    const r = await sims.cli(['reconcile', '--json']);
    const out = JSON.parse(r.stdout) as { supplierStock: { specId: string; rule: string; state: string }[]; differences: { kind: string; po: string | null }[] };
    // The test's own purchase orders differ from 1688 (never sent, or naming an unknown order); stock is no difference.
    expect(out.differences.every((d) => d.kind === 'only_odoo' || d.kind === 'only_1688')).toBe(true);
    const holding = out.supplierStock.filter((e) => e.state === 'open').map((e) => `${e.specId}:${e.rule}`);
    expect(holding).toEqual(expect.arrayContaining([`${skus[0]!.specId}:below_minimum`, `${skus[2]!.specId}:below_open_orders`]));
    expect(out.supplierStock.some((e) => e.specId === skus[0]!.specId && e.state === 'cleared')).toBe(true);
    const text = await sims.cli(['reconcile']);
    expect(text.stdout).toContain('Supplier stock: significant changes');
  });

  it('counts the variants and the conditions that hold in status', async () => {
    const r = await sims.cli(['status', '--json']);
    const report = JSON.parse(r.stdout) as { supplierStock: { variants: number; open: number; owed: number } };
    expect(report.supplierStock.variants).toBe(skuLinks(sims).length);
    expect(report.supplierStock.open).toBeGreaterThanOrEqual(3);
    expect(report.supplierStock.owed).toBe(0);
    expect((await sims.cli(['status'])).stdout).toContain('condition(s) hold');
  });
});
