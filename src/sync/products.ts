// pull-products: tracked 1688 offers -> Odoo templates, variants, vendor prices, images; unchanged offers cost no write.
import type { ProductInfo } from '../alibaba/schemas.js';
import type { Config } from '../config/schema.js';
import { RecordError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { companyPerCny } from '../mapping/currency.js';
import { mapOffer, type ProductMappingContext } from '../mapping/product.js';
import { readingsOfOffer, type StockReading } from '../mapping/stock.js';
import type { SinkDeliveryOptions } from '../observability/alerts/sinks.js';
import type { OdooClient } from '../odoo/client.js';
import { odooDatetime } from '../odoo/models.js';
import { stockKey } from '../state/stock.js';
import type { Store } from '../state/store.js';
import { countRecord } from '../observability/metrics.js';
import { classifyFailure, fileFailure } from './failures.js';
import { contentHash } from './hash.js';
import { fetchImage, type FetchedImage } from './products/images.js';
import { BatchPipeline } from './products/pipeline.js';
import { CatalogRefs } from './products/refs.js';
import { queueProductMessages, selectOffers } from './products/select.js';
import { RunStockQueue } from './products/stock-step.js';
import { emptyStockResult, type StockResult } from './stock.js';
import { hasStockFields } from './stock/resolve.js';
import { writeOffers, type OfferWork } from './products/writer.js';

/** Bump when the mapping changes what it writes, so every offer is written once more. */
const MAPPING_VERSION = 1;

export interface RunMetrics {
  count(name: string, by?: number): void;
  phase<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

export interface PullProductsDeps {
  odoo: OdooClient;
  getProduct: (offerId: string) => Promise<ProductInfo>;
  store: Store;
  logger: Logger;
  config: Readonly<Config>;
  metrics: RunMetrics;
  fetchImage?: (url: string) => Promise<FetchedImage>;
  onProgress?: (done: number, total: number) => void;
  /** Recorded with the significant stock changes this run finds. */
  runId?: string | undefined;
  delivery?: SinkDeliveryOptions | undefined;
}

export interface PullProductsOptions {
  offers: readonly string[];
  full: boolean;
  dryRun: boolean;
}

export type OfferAction = 'create' | 'update' | 'unchanged' | 'skipped' | 'failed';

export interface OfferOutcome {
  offerId: string;
  name: string;
  action: OfferAction | 'created' | 'updated' | 'linked';
  variants: number;
  detail?: string;
}

export interface PullProductsResult {
  selected: number;
  counts: Record<'created' | 'updated' | 'linked' | 'unchanged' | 'skipped' | 'failed' | 'deadLettered' | 'retrying' | 'variants' | 'archived', number>;
  offers: OfferOutcome[];
  unmappedCategories: Record<string, number>;
  unmappedUnits: Record<string, number>;
  deadLetteredBefore: string[];
  dryRun: boolean;
  /** The supplier's stock, kept apart from the rest of the product. */
  stock: StockResult;
  /** Why the stock was not kept this run. */
  stockSkipped?: string;
}

/** The mapping settings of the config, with the company currency per CNY this run uses. */
export function mappingContextOf(config: Readonly<Config>, companyPerCny: number): ProductMappingContext {
  const sync = config.sync;
  return {
    defaultCodePattern: sync.defaultCodePattern,
    barcodeFromSku: sync.barcodeFromSku,
    categoryMap: sync.categoryMap,
    defaultCategory: sync.defaultCategory,
    unitMap: sync.unitMap,
    defaultUnit: sync.defaultUnit,
    cost: sync.pricing.strategy === 'atQuantity' ? { strategy: 'atQuantity', quantity: sync.pricing.quantity! } : { strategy: sync.pricing.strategy },
    companyPerCny,
    imageBaseUrl: config.alibaba.imageBaseUrl,
  };
}

export async function pullProducts(deps: PullProductsDeps, options: PullProductsOptions): Promise<PullProductsResult> {
  const { store, logger, config, metrics } = deps;
  const sync = config.sync;
  if (!options.dryRun) queueProductMessages(store, logger);
  const selection = selectOffers(store, { explicit: options.offers, tracked: sync.trackedOffers });
  const result: PullProductsResult = {
    selected: selection.offerIds.length,
    counts: { created: 0, updated: 0, linked: 0, unchanged: 0, skipped: 0, failed: 0, deadLettered: 0, retrying: 0, variants: 0, archived: 0 },
    offers: [],
    unmappedCategories: {},
    unmappedUnits: {},
    deadLetteredBefore: selection.deadLettered,
    dryRun: options.dryRun,
    stock: emptyStockResult(),
  };
  if (selection.offerIds.length === 0) return result;
  const refs = new CatalogRefs(deps.odoo, store, sync.pricing.currency);
  const factor =
    sync.pricing.rateSource === 'fixed'
      ? companyPerCny({ source: 'fixed', companyPerCny: sync.pricing.fixedRate! })
      : companyPerCny({ source: 'odoo', cnyRate: (await refs.currencyInfo()).rate });
  const mctx = mappingContextOf(config, factor);
  // Readings wait here until their offer's outcome is known, then go to the stock queue (unless it failed).
  const readings = new Map<string, StockReading[]>();
  const stock = new RunStockQueue(deps, options.dryRun);
  // Stock that differs rides along with the variant writes of offers written anyway; the stock step skips those.
  const stockFields = !options.dryRun && (await hasStockFields(deps.odoo));
  const download = deps.fetchImage ?? ((url: string) => fetchImage(url));
  let done = 0;
  const finish = (outcome: OfferOutcome): void => {
    result.offers.push(outcome);
    const offerReadings = readings.get(outcome.offerId);
    readings.delete(outcome.offerId);
    if (offerReadings && outcome.action !== 'failed' && outcome.action !== 'skipped') stock.add(offerReadings);
    done += 1;
    deps.onProgress?.(done, selection.offerIds.length);
  };
  const fail = (offerId: string, name: string, err: unknown, context: Record<string, unknown> = {}): void => {
    if (options.dryRun) {
      if (classifyFailure(err).abortRun) throw err;
      result.counts.failed += 1;
      finish({ offerId, name, action: 'failed', variants: 0, detail: err instanceof Error ? err.message : String(err) });
      return;
    }
    const filed = fileFailure(store, logger, { kind: 'offer', key: offerId, payload: { offerId }, error: err, context: { offerId, ...context } });
    result.counts.failed += 1;
    result.counts[filed === 'dead' ? 'deadLettered' : 'retrying'] += 1;
    countRecord(metrics, 'offer', filed === 'dead' ? 'dead_lettered' : 'retrying');
    finish({ offerId, name, action: 'failed', variants: 0, detail: err instanceof Error ? err.message : String(err) });
  };

  const pipeline = new BatchPipeline<OfferWork>({
    batchSize: Math.max(1, Math.min(config.odoo.batchSize, 50)),
    write: async (batch) => {
      if (options.dryRun) {
        for (const w of batch) {
          finish({ offerId: w.plan.offerId, name: w.plan.name, action: w.link ? 'update' : 'create', variants: w.plan.variants.length || 1 });
          result.counts[w.link ? 'updated' : 'created'] += 1;
        }
        return;
      }
      await metrics.phase('write', () => writeIsolated(batch));
    },
  });

  const writeIsolated = async (batch: readonly OfferWork[]): Promise<void> => {
    try {
      const written = await writeOffers(deps.odoo, store, refs, batch, { barcodeFromSku: sync.barcodeFromSku, stockFields });
      for (const [i, w] of written.entries()) {
        for (const specId of w.stockSet) stock.written.add(stockKey(w.offerId, specId));
        result.counts[w.outcome] += 1;
        result.counts.variants += w.variants;
        result.counts.archived += w.archived;
        countRecord(metrics, 'offer', w.outcome === 'created' ? 'created' : 'updated');
        countRecord(metrics, 'variant', w.outcome === 'created' ? 'created' : 'updated', w.variants);
        store.jobs.completeByKey('offer', w.offerId);
        finish({ offerId: w.offerId, name: batch[i]!.plan.name, action: w.outcome, variants: w.variants });
      }
    } catch (err) {
      if (classifyFailure(err).abortRun) throw err;
      if (batch.length === 1) {
        fail(batch[0]!.plan.offerId, batch[0]!.plan.name, err, { stage: 'odoo write' });
        return;
      }
      logger.debug('a batch write failed; writing its offers one by one to find the bad one', { error: err });
      for (const w of batch) await writeIsolated([w]);
    }
  };

  const run = pipeline.run(selection.offerIds, Math.max(2, config.alibaba.concurrency * 2), async (offerId) => {
    let offer: ProductInfo;
    try {
      offer = await metrics.phase('fetch', () => deps.getProduct(offerId));
      readings.set(offerId, readingsOfOffer(offer, new Date()));
    } catch (err) {
      fail(offerId, '', err, { stage: '1688 productInfo' });
      return undefined;
    }
    const mapped = mapOffer(offer, mctx);
    if (mapped.kind === 'skip') {
      logger.warn(`skipped: ${mapped.reason}`, { offerId });
      result.counts.skipped += 1;
      countRecord(metrics, 'offer', 'skipped');
      if (!options.dryRun) store.jobs.completeByKey('offer', offerId);
      finish({ offerId, name: '', action: 'skipped', variants: 0, detail: mapped.reason });
      return undefined;
    }
    if (mapped.kind === 'invalid') {
      fail(offerId, offer.subject, new RecordError(offerId, `offer ${offerId} cannot be mapped: ${mapped.problems.join('; ')}`, { hint: 'the offer data on 1688 is inconsistent; it is retried when replayed with `dlq retry`' }), { problems: mapped.problems });
      return undefined;
    }
    const { plan } = mapped;
    for (const w of mapped.warnings) logger.warn(w, { offerId });
    if (plan.unmappedCategory) result.unmappedCategories[plan.unmappedCategory] = (result.unmappedCategories[plan.unmappedCategory] ?? 0) + 1;
    if (plan.unmappedUnit) result.unmappedUnits[plan.unmappedUnit] = (result.unmappedUnits[plan.unmappedUnit] ?? 0) + 1;
    // The plan carries no stock: a stock change alone costs two fields of the variant, not a rewrite.
    const hash = contentHash({ v: MAPPING_VERSION, plan });
    const link = store.links.get('offer', offerId);
    if (link && link.hash === hash && !options.full) {
      result.counts.unchanged += 1;
      countRecord(metrics, 'offer', 'unchanged');
      if (!options.dryRun) store.jobs.completeByKey('offer', offerId);
      finish({ offerId, name: plan.name, action: 'unchanged', variants: plan.variants.length || 1 });
      return undefined;
    }
    let image: FetchedImage | undefined;
    let workHash = hash;
    const known = link?.extra;
    const imageChanged = plan.imageUrl && (options.full || !known?.imageSha || known.imageUrl !== plan.imageUrl);
    if (imageChanged && !options.dryRun) {
      try {
        const fetched = await metrics.phase('fetch', () => download(plan.imageUrl!));
        image = fetched.sha === known?.imageSha ? undefined : fetched;
        if (!image) logger.debug('image unchanged; not sent again', { offerId });
      } catch (err) {
        logger.warn(err instanceof Error ? err.message : String(err), { offerId });
        workHash = `${hash}-image-pending`;
      }
    }
    const variantStock = new Map((readings.get(offerId) ?? []).map((r) => [r.specId ?? '', { stock: r.stock, readAt: odooDatetime(new Date(r.readAt)) }]));
    return { plan, hash: workHash, link, image, stock: variantStock };
  });
  await run.catch(async (err: unknown) => {
    // The stock batches in flight finish before the run's error goes up (they never outlive the run).
    await stock.finish().catch(() => undefined);
    throw err;
  });
  const step = await stock.finish();
  result.stock = step.stock;
  if (step.skipped !== undefined) result.stockSkipped = step.skipped;
  return result;
}
