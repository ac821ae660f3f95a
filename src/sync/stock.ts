// Supplier stock: readings from 1688 onto two fields of each variant (nothing else), significant changes reported once.
import type { Config } from '../config/schema.js';
import type { Logger } from '../log/logger.js';
import { judgeStock, planStock, type StockPlan, type StockRule, type StockRules } from '../mapping/stock.js';
import type { AlertsSettings } from '../observability/alerts/evaluate.js';
import type { SinkDeliveryOptions } from '../observability/alerts/sinks.js';
import type { OdooClient } from '../odoo/client.js';
import { MODELS, odooDatetime } from '../odoo/models.js';
import { stockKey, type StockEvent, type StockRow } from '../state/stock.js';
import type { Store } from '../state/store.js';
import { deliverStockReports } from './stock/report.js';
import { openOrderNeeds, READ_AT_FIELD, requireStockFields, resolveReadings, STOCK_FIELD, type OpenNeed, type ResolvedReading, type StockReading } from './stock/resolve.js';

export type { StockReading } from './stock/resolve.js';

export interface StockDeps {
  odoo: OdooClient;
  store: Store;
  logger: Logger;
  config: Readonly<Config>;
  runId: string;
  command: string;
  delivery?: SinkDeliveryOptions | undefined;
  count?: (name: string, by?: number) => void;
}

export interface StockResult {
  /** Readings received. */
  read: number;
  /** Variants whose stock differs from the last reading. */
  changed: number;
  /** Variants whose two stock fields were written in Odoo. */
  written: number;
  /** Odoo write calls made for them. */
  writeCalls: number;
  /** Readings older than what is stored (a late push message). */
  stale: number;
  /** Readings of offers or SKUs not in Odoo. */
  unknown: number;
  /** Significant changes found now (each reported once). */
  significant: StockEvent[];
  /** In a dry run: what would be reported. */
  wouldReport: { offerId: string; specId: string; rule: string; summary: string }[];
}

export const emptyStockResult = (): StockResult => ({ read: 0, changed: 0, written: 0, writeCalls: 0, stale: 0, unknown: 0, significant: [], wouldReport: [] });

export function stockRules(config: Readonly<Config>): StockRules {
  const s = config.sync.stock;
  return { openOrders: s.openOrders, minimum: s.minimum, dropPercent: s.dropPercent };
}

/** Adds one batch's figures to a run's total. */
export function addStockResult(total: StockResult, part: StockResult): void {
  total.read += part.read;
  total.changed += part.changed;
  total.written += part.written;
  total.writeCalls += part.writeCalls;
  total.stale += part.stale;
  total.unknown += part.unknown;
  total.significant.push(...part.significant);
  total.wouldReport.push(...part.wouldReport);
}

/**
 * Writes the readings to `x_alibaba_supplier_stock` and `x_alibaba_stock_read_at` (grouped: one call per
 * distinct value), records them and the significant changes in one transaction, then posts and alerts
 * what is owed. Odoo is written before the state file, so a crash in between re-detects the change.
 */
export async function applyStock(
  deps: StockDeps,
  readings: readonly StockReading[],
  options: { dryRun: boolean; /** `offer:spec` keys whose figures pull-products already wrote with the variant. */ alreadyWritten?: ReadonlySet<string> },
): Promise<StockResult> {
  const { odoo, store, logger } = deps;
  const result = emptyStockResult();
  result.read = readings.length;
  if (readings.length === 0) return options.dryRun ? result : withReports(deps, result);
  await requireStockFields(odoo);
  const { resolved, unknown } = await resolveReadings(odoo, store, readings);
  result.unknown = unknown.length;
  if (unknown.length > 0) logger.debug('stock readings of offers or SKUs not in Odoo were ignored', { count: unknown.length, offers: [...new Set(unknown.map((u) => u.offerId))].slice(0, 20) });

  // The newest reading per variant; older ones in the same batch are stale already.
  const latest = new Map<string, ResolvedReading>();
  for (const r of resolved) {
    const key = stockKey(r.offerId, r.specId);
    const seen = latest.get(key);
    if (!seen || seen.reading.readAt <= r.reading.readAt) latest.set(key, r);
  }
  result.stale += resolved.length - latest.size;
  const stored = store.stock.getMany([...latest.values()]);
  const fresh = [...latest.values()].filter((r) => {
    const s = stored.get(stockKey(r.offerId, r.specId));
    return !s || s.readAt <= r.reading.readAt;
  });
  result.stale += latest.size - fresh.length;
  const changed = new Set(fresh.filter((r) => stored.get(stockKey(r.offerId, r.specId))?.stock !== r.reading.stock));
  result.changed = changed.size;
  const rules = stockRules(deps.config);
  const needs = rules.openOrders ? await openOrderNeeds(odoo, fresh.map((r) => r.productId)) : new Map<number, OpenNeed>();

  /** What a reading opens, clears and reports, against the figure before it and the conditions open. */
  const planOf = (r: ResolvedReading, previous: number | undefined, openRules: ReadonlySet<StockRule>): StockPlan =>
    planStock(judgeStock({ previous, stock: r.reading.stock, need: needs.get(r.productId)?.need ?? 0 }, rules), openRules, previous !== r.reading.stock);

  if (options.dryRun) {
    const open = store.stock.openRules(fresh);
    for (const r of fresh) {
      const plan = planOf(r, stored.get(stockKey(r.offerId, r.specId))?.stock, open.get(stockKey(r.offerId, r.specId)) ?? new Set());
      for (const f of [...plan.open, ...plan.events]) result.wouldReport.push({ offerId: r.offerId, specId: r.specId, rule: f.rule, summary: f.summary });
    }
    return result;
  }

  // Unchanged figures share one read time (the batch's earliest, unless a newer one is stored), so
  // confirming a steady catalog costs one write call, not one per second of reading.
  const written = options.alreadyWritten;
  const toWrite = written ? fresh.filter((r) => !written.has(stockKey(r.offerId, r.specId))) : fresh;
  const steadyAt = toWrite.filter((r) => !changed.has(r)).reduce((min, r) => (r.reading.readAt < min ? r.reading.readAt : min), '\uffff');
  for (const r of toWrite) {
    const storedAt = stored.get(stockKey(r.offerId, r.specId))?.readAt ?? '';
    if (!changed.has(r) && storedAt <= steadyAt) r.reading = { ...r.reading, readAt: steadyAt };
  }
  result.writeCalls = await writeStock(odoo, toWrite, changed);
  result.written = fresh.length;
  const committed = store.stock.commit(
    fresh.map((r) => ({ r, row: rowOf(r) })),
    ({ r }, current, openRules) => ({ row: rowOf(r), ...planOf(r, current?.stock, openRules), previous: current?.stock, poIds: needs.get(r.productId)?.poIds ?? [] }),
    deps.runId,
  );
  result.stale += committed.stale;
  result.significant = committed.events;
  deps.count?.('stock_variants_written', result.written);
  if (committed.events.length > 0) {
    deps.count?.('stock_significant', committed.events.length);
    for (const e of committed.events) logger.warn(`supplier stock: offer ${e.offerId}${e.specId ? ` spec ${e.specId}` : ''}: ${e.summary}`, { rule: e.rule, productId: e.productId });
  }
  return withReports(deps, result);
}

async function withReports(deps: StockDeps, result: StockResult): Promise<StockResult> {
  const alerts: AlertsSettings = deps.config.alerts;
  await deliverStockReports({ odoo: deps.odoo, store: deps.store, logger: deps.logger, alerts, delivery: deps.delivery, runId: deps.runId, command: deps.command });
  return result;
}

const rowOf = (r: ResolvedReading): StockRow => ({
  offerId: r.offerId,
  specId: r.specId,
  skuId: r.skuId,
  productId: r.productId,
  supplierId: r.supplierId,
  stock: r.reading.stock,
  readAt: r.reading.readAt,
  source: r.reading.source,
});

/** One write per distinct (stock, read time); `write` splits long id lists by odoo.pageSize. */
async function writeStock(odoo: OdooClient, readings: readonly ResolvedReading[], changed: ReadonlySet<ResolvedReading>): Promise<number> {
  const groups = new Map<string, { ids: number[]; vals: Record<string, unknown> }>();
  for (const r of readings) {
    const at = odooDatetime(new Date(r.reading.readAt));
    const vals: Record<string, unknown> = changed.has(r) ? { [STOCK_FIELD]: r.reading.stock, [READ_AT_FIELD]: at } : { [READ_AT_FIELD]: at };
    const key = JSON.stringify(vals);
    const group = groups.get(key);
    if (group) group.ids.push(r.productId);
    else groups.set(key, { ids: [r.productId], vals });
  }
  await Promise.all([...groups.values()].map((g) => odoo.write(MODELS.product, g.ids, g.vals as never)));
  return groups.size;
}
