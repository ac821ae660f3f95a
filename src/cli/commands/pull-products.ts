// `pull-products`: 1688 offers into Odoo templates, variants, vendor prices, images and categories.
import { Command } from 'commander';
import { products } from '../../alibaba/index.js';
import { ExitCode, UsageError } from '../../errors.js';
import { pullProducts, type PullProductsDeps, type PullProductsResult } from '../../sync/products.js';
import { pullStockOnly, STOCK_ONLY_COMMAND, type StockOnlyResult } from '../../sync/products/stock-step.js';
import type { StockResult } from '../../sync/stock.js';
import type { AppContext } from '../context.js';
import { createProgress } from '../../observability/progress.js';
import { formatDuration, type Output } from '../output.js';
import { recordRemoteMetrics } from '../remote-metrics.js';
import { trackedRun, type RunTracker } from '../run.js';
import type { Session } from '../session.js';

const collect = (value: string, previous: string[]): string[] => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

export function pullProductsCommand(session: Session): Command {
  return new Command('pull-products')
    .description('import tracked 1688 offers into Odoo: templates, variants, vendor prices, cost, image, category')
    .option('--offer <id>', 'only this offer (repeatable, or comma-separated)', collect, [])
    .option('--full', 'write every offer even when unchanged since the last run')
    .option('--stock-only', "refresh only the supplier's stock of the offers already in Odoo (one 1688 call per offer)")
    .addHelpText(
      'after',
      '\nExamples:\n  $ alibaba-odoo-sync pull-products\n  $ alibaba-odoo-sync pull-products --offer 610947572360 --dry-run\n  $ alibaba-odoo-sync pull-products --stock-only\n',
    )
    .action(
      session.action<{ offer: string[]; full?: boolean; stockOnly?: boolean }>(async (ctx, opts) => {
        for (const id of opts.offer) {
          if (!/^\d+$/.test(id)) throw new UsageError(`--offer ${id}: expected a numeric 1688 offer id`);
        }
        if (opts.stockOnly && opts.full) throw new UsageError('--stock-only and --full do not go together: --full rewrites whole products, --stock-only only their stock');
        ctx.config(); // a bad config exits 2 before the lease is taken
        if (opts.stockOnly) return stockOnly(ctx, opts.offer);
        return trackedRun(ctx, 'pull-products', ctx.options.dryRun ? [] : ['products'], async (run) => {
          const started = performance.now();
          try {
            const progress = createProgress(ctx, 'offers');
            const deps = { ...pullProductsDeps(ctx, run), onProgress: (_done: number, total: number) => (progress.setTotal(total), progress.tick()) };
            const result = await pullProducts(deps, { offers: opts.offer, full: opts.full === true, dryRun: ctx.options.dryRun }).finally(() => progress.done());
            printResult(ctx.output(), result, performance.now() - started);
            return result.counts.deadLettered > 0 ? ExitCode.RecordsFailed : ExitCode.Ok;
          } finally {
            recordRemoteMetrics(ctx, run);
          }
        });
      }),
    );
}

/** A lease of its own, so a frequent stock cron entry does not collide with the daily catalog run. */
function stockOnly(ctx: AppContext, offers: readonly string[]): Promise<ExitCode> {
  return trackedRun(ctx, STOCK_ONLY_COMMAND, ctx.options.dryRun ? [] : ['stock'], async (run) => {
    const started = performance.now();
    try {
      const progress = createProgress(ctx, 'offers');
      const deps = { ...pullProductsDeps(ctx, run), onProgress: (_done: number, total: number) => (progress.setTotal(total), progress.tick()) };
      const result = await pullStockOnly(deps, { offers, dryRun: ctx.options.dryRun }).finally(() => progress.done());
      printStockOnly(ctx.output(), result, performance.now() - started);
      return ExitCode.Ok;
    } finally {
      recordRemoteMetrics(ctx, run);
    }
  });
}

function printStockOnly(out: Output, r: StockOnlyResult, ms: number): void {
  if (out.json) {
    out.printJson({ stockOnly: true, ...r, durationMs: Math.round(ms) });
    return;
  }
  const s = r.stock;
  out.table(
    ['offers', 'fresh (left out)', 'variants', 'changed', 'written', 'significant', 'failed', 'time'],
    [[r.selected, r.fresh, s.read, s.changed, s.written, s.significant.length, r.failed.length, formatDuration(ms)]],
    r.dryRun ? 'pull-products --stock-only (dry run)' : 'pull-products --stock-only',
  );
  printSignificant(out, s);
  for (const f of r.failed) out.important(`stock not read: offer ${f.offerId}: ${f.detail} (read again on the next run)`);
  if (r.notImported.length > 0) out.line(`Not in Odoo yet (run pull-products first): ${r.notImported.join(', ')}`);
}

function printSignificant(out: Output, s: StockResult): void {
  if (s.significant.length > 0) {
    out.table(
      ['offer', 'spec', 'change', 'purchase orders'],
      s.significant.map((e) => [e.offerId, e.specId || '-', e.summary, e.poIds.length > 0 ? e.poIds.join(', ') : '-']),
      'Significant supplier stock changes',
    );
  }
  for (const w of s.wouldReport) out.line(`would report: offer ${w.offerId}${w.specId ? ` spec ${w.specId}` : ''}: ${w.summary}`);
}

function printResult(out: Output, r: PullProductsResult, ms: number): void {
  if (out.json) {
    out.printJson({ ...r, durationMs: Math.round(ms) });
    return;
  }
  if (r.dryRun) {
    out.table(
      ['offer', 'name', 'would', 'variants', 'detail'],
      r.offers.map((o) => [o.offerId, o.name.slice(0, 40), o.action, o.variants, o.detail ?? '']),
      'Dry run: nothing was written',
    );
  }
  const c = r.counts;
  out.table(
    ['offers', 'created', 'updated', 'linked', 'unchanged', 'skipped', 'failed', 'variants', 'archived', 'time'],
    [[r.selected, c.created, c.updated, c.linked, c.unchanged, c.skipped, c.failed, c.variants, c.archived, formatDuration(ms)]],
    r.dryRun ? 'pull-products (dry run)' : 'pull-products',
  );
  const failed = r.offers.filter((o) => o.action === 'failed');
  for (const f of failed) out.important(`failed: offer ${f.offerId}: ${f.detail ?? ''}`);
  if (c.deadLettered > 0) out.important(`${c.deadLettered} offer(s) dead-lettered; see \`alibaba-odoo-sync dlq list --kind offer\``);
  if (c.retrying > 0) out.line(`${c.retrying} offer(s) will be retried on a later run`);
  const cats = Object.entries(r.unmappedCategories);
  if (cats.length > 0) out.line(`Unmapped 1688 categories (add them to sync.categoryMap): ${cats.map(([id, n]) => `${id} (${n})`).join(', ')}`);
  const units = Object.entries(r.unmappedUnits);
  if (units.length > 0) out.line(`Unmapped 1688 units (add them to sync.unitMap): ${units.map(([u, n]) => `${u} (${n})`).join(', ')}`);
  if (r.deadLetteredBefore.length > 0) out.line(`Left out, in the dead letters: ${r.deadLetteredBefore.join(', ')} (replay with \`dlq retry\`)`);
  if (r.stock.read > 0) out.line(`Supplier stock: ${r.stock.read} variants read, ${r.stock.changed} changed, ${r.stock.significant.length} significant`);
  printSignificant(out, r.stock);
  if (r.stockSkipped !== undefined) out.important(`supplier stock not updated: ${r.stockSkipped}`);
}

/** pull-products' wiring over the run's clients, shared with commands that replay offers (`dlq retry --now`). */
export function pullProductsDeps(ctx: AppContext, run: RunTracker): PullProductsDeps {
  const alibaba = ctx.alibaba();
  return {
    odoo: ctx.odoo(),
    getProduct: (id) => products.getProduct(alibaba.client, id),
    store: ctx.store(),
    logger: run.logger,
    config: ctx.config().config,
    metrics: run,
    runId: run.runId,
    delivery: ctx.alertDelivery,
  };
}
