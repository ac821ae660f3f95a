// `sync`: the one crontab entry; runs whichever of products, orders and shipments are due, under one lease.
import { Command, InvalidArgumentError } from 'commander';
import { AppError, ExitCode, describeError } from '../../errors.js';
import { dueParts, PARTS, worstExit, type Part } from '../../sync/scheduler.js';
import { exitCodeFor } from '../exit-codes.js';
import { formatDuration } from '../output.js';
import { recordRemoteMetrics } from '../remote-metrics.js';
import { trackedRun } from '../run.js';
import type { Session } from '../session.js';
import { pullProducts, type PullProductsResult } from '../../sync/products.js';
import { pushOrders } from '../../sync/orders.js';
import { pullShipments } from '../../sync/shipments.js';
import { pullProductsDeps } from './pull-products.js';

/** The supplier stock's part of the products line: significant changes are what a reader must see. */
function stockSummary(r: PullProductsResult): string {
  if (r.stockSkipped !== undefined) return `; supplier stock not updated: ${r.stockSkipped}`;
  const significant = r.stock.significant.map((e) => `offer ${e.offerId}${e.specId ? `/${e.specId}` : ''} ${e.summary}`);
  return significant.length > 0 ? `; supplier stock: ${significant.length} significant change(s): ${significant.slice(0, 5).join('; ')}` : '';
}
import { pushOrdersDeps } from './push-orders.js';
import { pullShipmentsDeps, shipmentApiOf } from './pull-shipments.js';
import { InboxWorker, pullMissedMessages } from '../../sync/webhooks.js';
import { newServeStats } from '../../sync/webhooks/stats.js';
import type { AppContext } from '../context.js';
import type { RunTracker } from '../run.js';

const lastKey = (part: Part): string => `sync.last.${part}`;

function parseParts(value: string): Part[] {
  const parts = value.split(',').map((p) => p.trim()).filter(Boolean);
  for (const p of parts) if (!(PARTS as readonly string[]).includes(p)) throw new InvalidArgumentError(`unknown part "${p}"; expected ${PARTS.join(', ')}`);
  return parts as Part[];
}

interface PartResult {
  exitCode: ExitCode;
  summary: string;
}

/** Runs one part; its failure becomes its exit code, so the other parts still run. */
async function runPart(ctx: AppContext, run: RunTracker, part: Part): Promise<PartResult> {
  const dryRun = ctx.options.dryRun;
  try {
    if (part === 'products') {
      const r = await pullProducts(pullProductsDeps(ctx, run), { offers: [], full: false, dryRun });
      const c = r.counts;
      return { exitCode: c.deadLettered > 0 ? ExitCode.RecordsFailed : ExitCode.Ok, summary: `${r.selected} offers: ${c.created} created, ${c.updated + c.linked} updated, ${c.unchanged} unchanged, ${c.failed} failed${stockSummary(r)}` };
    }
    if (part === 'orders') {
      const r = await pushOrders(pushOrdersDeps(ctx, run), { poNames: [], dryRun });
      const c = r.counts;
      return { exitCode: c.deadLettered > 0 ? ExitCode.RecordsFailed : ExitCode.Ok, summary: `${r.selected} POs: ${c.submitted + c.recovered} submitted, ${c.pending} pending, ${c.failed} failed` };
    }
    const r = await pullShipments(pullShipmentsDeps(ctx, run), { orderIds: [], dryRun });
    const c = r.counts;
    return { exitCode: c.deadLettered > 0 ? ExitCode.RecordsFailed : ExitCode.Ok, summary: `${c.seen} orders: ${c.updated} updated, ${c.unchanged} unchanged, ${c.failed} failed` };
  } catch (err) {
    const hint = err instanceof AppError && err.hint ? ` (${err.hint})` : '';
    run.logger.error(`sync: ${part} failed: ${describeError(err)}${hint}`, { error: err });
    return { exitCode: exitCodeFor(err), summary: `failed: ${describeError(err)}${hint}` };
  }
}

/**
 * Push messages: those 1688 could not deliver are pulled (stored, then confirmed), and the inbox is
 * worked off once, as `serve` would. Last, because the worker releases the shipments lease it takes.
 */
async function runMessages(ctx: AppContext, run: RunTracker): Promise<PartResult> {
  try {
    const store = ctx.store();
    const missed = await pullMissedMessages({ client: ctx.alibaba().client, store, logger: run.logger });
    const stats = newServeStats();
    const worker = new InboxWorker({
      store,
      odoo: ctx.odoo(),
      shipmentApi: shipmentApiOf(ctx),
      config: ctx.config().config,
      logger: run.logger,
      holder: ctx.holder(),
      stats,
      delivery: ctx.alertDelivery,
    });
    worker.wake();
    await worker.idle();
    await worker.stop();
    for (const [name, n] of Object.entries(stats.counts)) run.count(name, n);
    const left = store.inbox.counts().pending;
    return {
      exitCode: stats.deadLettered > 0 ? ExitCode.RecordsFailed : ExitCode.Ok,
      summary: `${missed.stored} missed messages pulled, ${stats.processed} processed, ${stats.failed} failed, ${left} waiting`,
    };
  } catch (err) {
    run.logger.error(`sync: messages failed: ${describeError(err)}`, { error: err });
    return { exitCode: exitCodeFor(err), summary: `failed: ${describeError(err)}` };
  }
}

export function syncCommand(session: Session): Command {
  return new Command('sync')
    .description('the one crontab entry: run what is due (products daily, orders and shipments every 15 minutes by default)')
    .option('--only <parts>', `run these parts now, whatever their schedule (${PARTS.join(',')})`, parseParts)
    .option('--force', 'run every part now')
    .addHelpText('after', '\nExamples:\n  */15 * * * *  alibaba-odoo-sync --quiet sync\n  $ alibaba-odoo-sync sync --only orders,shipments\n')
    .action(
      session.action<{ only?: Part[]; force?: boolean }>(async (ctx, opts) => {
        const { config } = ctx.config();
        return trackedRun(ctx, 'sync', ctx.options.dryRun ? [] : [...PARTS], async (run) => {
          const store = ctx.store();
          const decisions = dueParts({
            intervals: config.sync.intervals,
            lastRun: Object.fromEntries(PARTS.map((p) => [p, store.cursors.get(lastKey(p))])),
            now: new Date(),
            only: opts.only,
            force: opts.force,
          });
          const rows: string[][] = [];
          const codes: number[] = [];
          try {
            for (const d of decisions) {
              if (!d.due) {
                rows.push([d.part, 'skipped', d.reason, '']);
                continue;
              }
              const started = performance.now();
              const result = await runPart(ctx, run, d.part);
              codes.push(result.exitCode);
              // A part that could not reach a remote or needs a login is tried again on the next tick.
              if (!ctx.options.dryRun && (result.exitCode === ExitCode.Ok || result.exitCode === ExitCode.RecordsFailed)) {
                store.cursors.set(lastKey(d.part), new Date().toISOString());
              }
              rows.push([d.part, result.exitCode === ExitCode.Ok ? 'ok' : `exit ${result.exitCode}`, result.summary, formatDuration(performance.now() - started)]);
            }
            if (!ctx.options.dryRun && (!opts.only || opts.only.length === 0 || opts.only.includes('shipments'))) {
              const started = performance.now();
              const result = await runMessages(ctx, run);
              codes.push(result.exitCode);
              rows.push(['messages', result.exitCode === ExitCode.Ok ? 'ok' : `exit ${result.exitCode}`, result.summary, formatDuration(performance.now() - started)]);
            }
          } finally {
            recordRemoteMetrics(ctx, run);
          }
          const out = ctx.output();
          const worst = worstExit(codes) as ExitCode;
          if (out.json) out.printJson({ parts: rows.map(([part, result, summary, time]) => ({ part, result, summary, time })), exitCode: worst });
          else {
            out.table(['part', 'result', 'summary', 'time'], rows, ctx.options.dryRun ? 'sync (dry run)' : 'sync');
            if (worst !== ExitCode.Ok) out.important(`sync: exit ${worst}: ${rows.filter((r) => r[1] !== 'ok' && r[1] !== 'skipped').map((r) => `${r[0]} ${r[2]}`).join('; ')}`);
          }
          return worst;
        });
      }),
    );
}
