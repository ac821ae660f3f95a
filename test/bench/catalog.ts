// Catalog scenarios: the batched pull-products (first run, unchanged rerun, scale) and the naive baseline beside it.
import { products } from '../../src/alibaba/index.js';
import { companyPerCny } from '../../src/mapping/currency.js';
import { mappingContextOf, pullProducts } from '../../src/sync/products.js';
import { pullStockOnly } from '../../src/sync/products/stock-step.js';
import { BenchMetrics, type BenchEnv } from './env.js';
import { measure } from './measure.js';
import { naiveImport } from './naive.js';
import { alibabaClientFigures, figures, type ScenarioResult } from './report.js';

/** Runs pull-products over `offerIds` with fresh clients, as one CLI run would. */
export async function importCatalog(env: BenchEnv, offerIds: readonly string[], id: string, title: string): Promise<ScenarioResult> {
  const { odoo, alibaba } = env.clients();
  const metrics = new BenchMetrics();
  const { result, sample } = await measure(env, () =>
    pullProducts(
      { odoo, getProduct: (offerId) => products.getProduct(alibaba.client, offerId), store: env.store, logger: env.logger, config: env.config, metrics },
      { offers: offerIds, full: false, dryRun: false },
    ),
  );
  const variants = result.offers.reduce((sum, o) => sum + o.variants, 0);
  const a = alibaba.client.stats;
  const o = odoo.stats.snapshot();
  const slowest = Object.entries(o.byCall)
    .sort(([, x], [, y]) => y.ms - x.ms)
    .slice(0, 8)
    .map(([call, c]) => ({ call, calls: c.calls, ms: c.ms }));
  return figures(id, title, sample, {
    records: offerIds.length,
    recordKind: 'offers',
    variants,
    ratePerSecond: env.config.alibaba.rateLimit,
    phases: metrics.phases,
    details: {
      counts: result.counts,
      alibabaClient: alibabaClientFigures(a),
      odooClient: { roundTrips: o.roundTrips, retries: o.retries, ms: o.ms, slowestCalls: slowest },
    },
  });
}

/** The naive baseline on its own fresh simulators (same latency, same first offers of the same catalog). */
export async function naiveCatalog(env: BenchEnv, offerIds: readonly string[], fullCount: number): Promise<ScenarioResult> {
  const { odoo, alibaba } = env.clients();
  const { sample, result } = await measure(env, async () => {
    const cnyRate = Number((await odoo.searchReadAll('res.currency', [['name', '=', 'CNY']], ['rate']))[0]?.rate ?? 1);
    const ctx = mappingContextOf(env.config, companyPerCny({ source: 'odoo', cnyRate }));
    return naiveImport(odoo, alibaba.client, offerIds, ctx);
  });
  const note = offerIds.length < fullCount ? `run on the first ${offerIds.length} of the ${fullCount} offers (sequential creates pay the ~0.6 s password re-check each); compare time per offer` : undefined;
  return figures('catalog.naive', `naive baseline, first ${offerIds.length}`, sample, {
    records: offerIds.length,
    recordKind: 'offers',
    variants: result.variants,
    ratePerSecond: env.config.alibaba.rateLimit,
    ...(note ? { note } : {}),
    details: { counts: result, passwordChecks: sample.passwordChecks },
  });
}

/** Wall time per offer (ms). */
export const perOffer = (r: ScenarioResult): number => (r.wallMs ?? 0) / Math.max(1, r.records ?? 1);

/**
 * `pull-products --stock-only` over the imported catalog after 1688 changed the stock of one offer in
 * ten: one productInfo call per offer, and on the Odoo side only the two stock fields.
 */
export async function stockOnly(env: BenchEnv, offerIds: readonly string[]): Promise<ScenarioResult> {
  for (const [i, offerId] of offerIds.entries()) if (i % 10 === 0) await env.alibabaSim.call('updateOffer', offerId, { stock: 37 + i });
  const { odoo, alibaba } = env.clients();
  const metrics = new BenchMetrics();
  const { result, sample } = await measure(env, () =>
    pullStockOnly(
      { odoo, getProduct: (offerId) => products.getProduct(alibaba.client, offerId), store: env.store, logger: env.logger, config: env.config, metrics },
      { offers: offerIds, dryRun: false },
    ),
  );
  const a = alibaba.client.stats;
  return figures('stock-only', `pull-products --stock-only, ${offerIds.length} offers`, sample, {
    records: offerIds.length,
    recordKind: 'offers',
    variants: result.stock.read,
    ratePerSecond: env.config.alibaba.rateLimit,
    phases: metrics.phases,
    details: { stock: { ...result.stock, significant: result.stock.significant.length }, failed: result.failed.length, alibabaClient: alibabaClientFigures(a), odooByCall: Object.keys(odoo.stats.snapshot().byCall) },
  });
}
