// The supplier stock part of pull-products, and `pull-products --stock-only`: one 1688 call per offer, stock fields only.
import type { ProductInfo } from '../../alibaba/schemas.js';
import type { Config } from '../../config/schema.js';
import { AppError, describeError } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import { readingsOfOffer, type StockReading } from '../../mapping/stock.js';
import type { SinkDeliveryOptions } from '../../observability/alerts/sinks.js';
import type { OdooClient } from '../../odoo/client.js';
import type { Store } from '../../state/store.js';
import { classifyFailure } from '../failures.js';
import { addStockResult, applyStock, emptyStockResult, type StockResult } from '../stock.js';
import { BatchPipeline } from './pipeline.js';
import { selectOffers } from './select.js';

export interface StockStepDeps {
  odoo: OdooClient;
  getProduct: (offerId: string) => Promise<ProductInfo>;
  store: Store;
  logger: Logger;
  config: Readonly<Config>;
  metrics: { count(name: string, by?: number): void; phase<T>(name: string, fn: () => Promise<T>): Promise<T> };
  runId?: string | undefined;
  delivery?: SinkDeliveryOptions | undefined;
  onProgress?: (done: number, total: number) => void;
}

export interface StockStep {
  stock: StockResult;
  /** Why the stock was not kept this run (the fields are missing, or Odoo failed); undefined when it was. */
  skipped?: string;
}

const depsOf = (deps: StockStepDeps, command: string): Parameters<typeof applyStock>[0] => ({
  odoo: deps.odoo,
  store: deps.store,
  logger: deps.logger,
  config: deps.config,
  runId: deps.runId ?? 'unknown',
  command,
  delivery: deps.delivery,
  count: (name, by) => deps.metrics.count(name, by),
});

/**
 * Applies the stock read during a catalog run. A failure here never fails the catalog: it is reported
 * and the stock is read again on the next run (unless the run must stop, as on an expired login).
 */
export async function applyRunStock(deps: StockStepDeps, readings: readonly StockReading[], dryRun: boolean, alreadyWritten?: ReadonlySet<string>): Promise<StockStep> {
  try {
    return { stock: await deps.metrics.phase('stock', () => applyStock(depsOf(deps, 'pull-products'), readings, { dryRun, ...(alreadyWritten ? { alreadyWritten } : {}) })) };
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'stock_fields_missing') && classifyFailure(err).abortRun) throw err;
    const text = err instanceof AppError && err.hint ? `${err.message}; ${err.hint}` : describeError(err);
    deps.logger.warn(`supplier stock not updated: ${text}`);
    return { stock: emptyStockResult(), skipped: text };
  }
}

/** The name --stock-only runs are recorded under, so their times do not mix with the catalog runs'. */
export const STOCK_ONLY_COMMAND = 'pull-stock';

/**
 * The stock of a catalog run, applied while the run goes on: readings queue up as offers finish and
 * are applied every `flushAt` readings, one batch at a time, so memory stays flat on any catalog size.
 */
export class RunStockQueue {
  /** `offer:spec` keys whose stock the writer set along with the variants. */
  readonly written = new Set<string>();
  private queue: StockReading[] = [];
  private chain: Promise<void> = Promise.resolve();
  private error: unknown;
  private readonly total = emptyStockResult();
  private skipped: string | undefined;

  constructor(private readonly deps: StockStepDeps, private readonly dryRun: boolean, private readonly flushAt = 5_000) {}

  add(readings: readonly StockReading[]): void {
    this.queue.push(...readings);
    if (this.queue.length >= this.flushAt) this.flush();
  }

  /** Applies what is left; rethrows an error that must stop the run. */
  async finish(): Promise<StockStep> {
    this.flush();
    await this.chain;
    if (this.error !== undefined) throw this.error instanceof Error ? this.error : new Error(describeError(this.error));
    return this.skipped === undefined ? { stock: this.total } : { stock: this.total, skipped: this.skipped };
  }

  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    this.chain = this.chain
      .then(async () => {
        // Once the stock could not be kept (say the fields are missing), later batches would only repeat it.
        if (this.skipped !== undefined || this.error !== undefined) return;
        const step = await applyRunStock(this.deps, batch, this.dryRun, this.written);
        addStockResult(this.total, step.stock);
        if (step.skipped !== undefined) this.skipped = step.skipped;
      })
      .catch((err: unknown) => {
        this.error ??= err;
      });
  }
}

export interface StockOnlyResult {
  selected: number;
  /** Offers left out because their stock is fresher than sync.stock.freshFor. */
  fresh: number;
  /** Tracked offers not imported yet (run pull-products first). */
  notImported: string[];
  failed: { offerId: string; detail: string }[];
  stock: StockResult;
  dryRun: boolean;
}

/**
 * `--stock-only`: the offers already in Odoo, minus those read recently (push messages keep them fresh),
 * one productInfo call each (1688 has no call that returns several offers' stock), and per batch only the
 * stock fields written. Nothing else on the product is read or written.
 */
export async function pullStockOnly(deps: StockStepDeps, options: { offers: readonly string[]; dryRun: boolean; now?: Date }): Promise<StockOnlyResult> {
  const { store, config, logger } = deps;
  const selection = selectOffers(store, { explicit: options.offers, tracked: config.sync.trackedOffers });
  const notImported = selection.offerIds.filter((id) => !store.links.get('offer', id));
  const linked = selection.offerIds.filter((id) => store.links.get('offer', id));
  const freshFor = config.sync.stock.freshFor;
  const oldest = store.stock.oldestReadByOffer();
  const cutoff = (options.now ?? new Date()).getTime() - freshFor;
  const due = options.offers.length > 0 || freshFor <= 0 ? linked : linked.filter((id) => !(Date.parse(oldest.get(id) ?? '') > cutoff));
  const result: StockOnlyResult = { selected: due.length, fresh: linked.length - due.length, notImported, failed: [], stock: emptyStockResult(), dryRun: options.dryRun };
  if (due.length === 0) return result;
  let done = 0;
  const pipeline = new BatchPipeline<StockReading[]>({
    batchSize: Math.max(1, Math.min(config.odoo.batchSize, 100)),
    write: async (batch) => {
      addStockResult(result.stock, await deps.metrics.phase('stock', () => applyStock(depsOf(deps, STOCK_ONLY_COMMAND), batch.flat(), { dryRun: options.dryRun })));
    },
  });
  await pipeline.run(due, Math.max(2, config.alibaba.concurrency * 2), async (offerId) => {
    try {
      const offer = await deps.metrics.phase('fetch', () => deps.getProduct(offerId));
      return readingsOfOffer(offer, new Date());
    } catch (err) {
      if (classifyFailure(err).abortRun) throw err;
      // Not filed as a failure: the next run reads the stock again, and nothing was half-written.
      result.failed.push({ offerId, detail: describeError(err) });
      logger.warn(`stock of offer ${offerId} not read: ${describeError(err)}; it is read again on the next run`, { offerId });
      return undefined;
    } finally {
      done += 1;
      deps.onProgress?.(done, due.length);
    }
  });
  return result;
}
