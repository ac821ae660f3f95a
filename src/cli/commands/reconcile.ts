// `reconcile`: compares recent 1688 orders with purchase orders and lists the differences; read-only, exit 6 on findings.
import { Command, Option } from 'commander';
import { orders as orderApi } from '../../alibaba/index.js';
import { AlibabaApiError, ExitCode, UsageError } from '../../errors.js';
import { atOrAbove, SEVERITIES, type Difference, type Severity } from '../../mapping/reconcile.js';
import { reconcile, type ReconcileApi, type ReconcileResult } from '../../sync/reconcile.js';
import type { StockEvent } from '../../state/stock.js';
import type { AppContext } from '../context.js';
import type { Output } from '../output.js';
import { recordRemoteMetrics } from '../remote-metrics.js';
import { trackedRun } from '../run.js';
import type { Session } from '../session.js';

interface ReconcileOpts {
  days?: string;
  since?: string;
  csv?: boolean;
  failOn: Severity;
}

/** The order reads reconcile needs, over the shared 1688 client; an order 1688 refuses to show is "unknown". */
export function reconcileApiOf(ctx: AppContext): ReconcileApi {
  const { client } = ctx.alibaba();
  return {
    async *modified(from, to) {
      for await (const page of orderApi.iterateOrders(client, { modifyStartTime: from, modifyEndTime: to, pageSize: 50 })) yield page.orders.map((o) => o.baseInfo);
    },
    async order(orderId) {
      try {
        return await orderApi.getOrder(client, orderId);
      } catch (err) {
        // A business refusal (HTTP 200 with an error code) means 1688 has no such order for this buyer.
        if (err instanceof AlibabaApiError && err.httpStatus === 200 && err.platformCode !== 'bad_response') return undefined;
        throw err;
      }
    },
  };
}

/** The comparison window from the flags: `--since <ISO date>`, else the last `--days` days (default 7). */
export function windowOf(opts: Pick<ReconcileOpts, 'days' | 'since'>, now: Date): { from: Date; label: string } {
  if (opts.since !== undefined && opts.days !== undefined) throw new UsageError('use --days or --since, not both');
  if (opts.since !== undefined) {
    const from = new Date(opts.since);
    if (Number.isNaN(from.getTime())) throw new UsageError(`--since ${opts.since}: not a date`, { hint: 'use an ISO date such as 2025-03-01 or 2025-03-01T08:00:00Z' });
    if (from.getTime() > now.getTime()) throw new UsageError(`--since ${opts.since} is in the future`);
    return { from, label: `since ${opts.since}` };
  }
  const days = Number(opts.days ?? '7');
  if (!(days > 0) || !Number.isFinite(days)) throw new UsageError(`--days ${opts.days ?? ''}: expected a positive number of days`);
  return { from: new Date(now.getTime() - days * 86_400_000), label: `${days} day${days === 1 ? '' : 's'}` };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The one line for cron mail: `reconcile: 42 orders compared, 2 errors, 1 warning (7 days)`. */
export function summaryLine(r: Pick<ReconcileResult, 'compared' | 'counts'>, label: string): string {
  const found = SEVERITIES.filter((s) => r.counts[s] > 0).map((s) => (s === 'info' ? `${r.counts[s]} info` : plural(r.counts[s], s)));
  return `reconcile: ${plural(r.compared, 'order')} compared, ${found.length > 0 ? found.join(', ') : '0 differences'} (${label})`;
}

/** RFC 4180: CRLF line ends; a field holding a comma, quote or line break is quoted, quotes doubled. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  const field = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

export const CSV_HEADER = ['severity', 'kind', 'po', 'order_id', 'difference', 'fix'] as const;
export const csvRows = (diffs: readonly Difference[]): string[][] => [[...CSV_HEADER], ...diffs.map((d) => [d.severity, d.kind, d.po ?? '', d.orderId ?? '', d.detail, d.fix])];

export function reconcileCommand(session: Session): Command {
  return new Command('reconcile')
    .description('compare recent 1688 orders with purchase orders: existence, status, quantities, amounts, tracking (read-only)')
    .option('--days <n>', 'orders modified or confirmed in the last n days (default 7)')
    .option('--since <date>', 'orders modified or confirmed since this ISO date, instead of --days')
    .option('--csv', 'the differences as CSV on stdout (the summary line goes to stderr)')
    .addOption(new Option('--fail-on <severity>', 'exit 6 when a difference is at least this severe').choices([...SEVERITIES]).default('error'))
    .addHelpText(
      'after',
      '\nExamples:\n  $ alibaba-odoo-sync reconcile\n  $ alibaba-odoo-sync reconcile --since 2025-03-01 --fail-on warning\n  $ alibaba-odoo-sync reconcile --days 30 --csv > differences.csv\n',
    )
    .action(
      session.action<ReconcileOpts>(async (ctx, opts) => {
        if (opts.csv && ctx.options.json) throw new UsageError('use --json or --csv, not both');
        const to = new Date();
        const window = windowOf(opts, to);
        const { config } = ctx.config();
        return trackedRun(ctx, 'reconcile', [], async (run) => {
          try {
            const result = await reconcile(
              { odoo: ctx.odoo(), api: reconcileApiOf(ctx), store: ctx.store(), logger: run.logger, config, metrics: run },
              { from: window.from, to },
            );
            const exitCode = result.differences.some((d) => atOrAbove(d.severity, opts.failOn)) ? ExitCode.Differences : ExitCode.Ok;
            printResult(ctx, result, window.label, opts, exitCode);
            return exitCode;
          } finally {
            recordRemoteMetrics(ctx, run);
          }
        });
      }),
    );
}

function printResult(ctx: AppContext, r: ReconcileResult, label: string, opts: ReconcileOpts, exitCode: ExitCode): void {
  const out: Output = ctx.output();
  const summary = summaryLine(r, label);
  if (out.json) {
    out.printJson({ window: { ...r.window, label }, summary: { compared: r.compared, differences: r.differences.length, ...r.counts, failOn: opts.failOn, exitCode, text: summary }, differences: r.differences.map((d) => ({ ...d, po: d.po ?? null, orderId: d.orderId ?? null })), supplierStock: r.supplierStock });
    return;
  }
  if (opts.csv) {
    ctx.io.stdout(toCsv(csvRows(r.differences)));
    ctx.io.stderr(`${summary}\n`);
    return;
  }
  const paint: Record<Severity, (s: string) => string> = { error: out.color.red, warning: out.color.yellow, info: out.color.dim };
  if (r.differences.length > 0) {
    out.table(
      ['severity', 'PO', '1688 order', 'difference', 'suggested fix'],
      r.differences.map((d) => [d.severity, d.po ?? '', d.orderId ?? '', d.detail, d.fix].map((cell) => paint[d.severity](cell))),
    );
  }
  if (r.supplierStock.length > 0) {
    const minute = (iso: string | null): string => (iso ?? '').slice(0, 16).replace('T', ' ');
    const state = (e: StockEvent): string => (e.state === 'open' ? 'holds' : e.state === 'cleared' ? `cleared ${minute(e.clearedAt)}` : 'drop');
    out.table(
      ['since', 'offer', 'spec', 'variant', 'supplier stock', 'state', 'purchase orders'],
      r.supplierStock.map((e) => [minute(e.detectedAt), e.offerId, e.specId || '-', e.productId, e.summary, state(e), e.poIds.join(', ') || '-']),
      'Supplier stock: significant changes',
    );
  }
  out.important(summary);
  const holding = r.supplierStock.filter((e) => e.state === 'open').length;
  if (holding > 0) out.line(`${holding} supplier stock condition(s) hold; see the table above`);
}
