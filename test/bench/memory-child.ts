// Child process of the memory scenario: runs one pull-products alone, so its peak RSS is the import's own.
import { createAlibaba, products } from '../../src/alibaba/index.js';
import { Redactor } from '../../src/config/redact.js';
import { OdooClient } from '../../src/odoo/client.js';
import { Store } from '../../src/state/store.js';
import { pullProducts } from '../../src/sync/products.js';
import { BenchMetrics, benchConfig, collectingLogger, type BenchConfigInput } from './env.js';
import { rssSampler } from './measure.js';

export interface ChildRequest {
  config: BenchConfigInput;
  offerIds: string[];
}

export interface ChildReport {
  wallMs: number;
  /** Peak RSS sampled every 50 ms, bytes. */
  rssPeak: number;
  /** process.resourceUsage().maxRSS, kilobytes (the kernel's high-water mark). */
  maxRssKb: number;
  heapUsedEnd: number;
  counts: Record<string, number>;
  phases: Record<string, number>;
  warnings: number;
}

async function run(request: ChildRequest): Promise<ChildReport> {
  const config = benchConfig(request.config);
  const store = new Store(config.state.path);
  const warnings: string[] = [];
  const redactor = new Redactor([request.config.password, request.config.alibaba.appSecret]);
  const logger = collectingLogger(warnings, redactor);
  const odoo = new OdooClient({ config: config.odoo, logger });
  const alibaba = createAlibaba({ config: config.alibaba, tokens: store.tokens, logger, redactor });
  const metrics = new BenchMetrics();
  const rss = rssSampler();
  const started = performance.now();
  const result = await pullProducts(
    { odoo, getProduct: (id) => products.getProduct(alibaba.client, id), store, logger, config, metrics },
    { offers: request.offerIds, full: false, dryRun: false },
  );
  const wallMs = performance.now() - started;
  const rssPeak = rss.stop();
  odoo.close();
  store.close();
  return {
    wallMs,
    rssPeak,
    maxRssKb: process.resourceUsage().maxRSS,
    heapUsedEnd: process.memoryUsage().heapUsed,
    counts: result.counts,
    phases: metrics.phases,
    warnings: warnings.length,
  };
}

process.once('message', (request: ChildRequest) => {
  run(request).then(
    (report) => process.send?.({ ok: true, report }, () => process.exit(0)),
    (err: unknown) => process.send?.({ ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) }, () => process.exit(1)),
  );
});
