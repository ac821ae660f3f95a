// `push-orders`: confirmed Odoo purchase orders for 1688 vendors become 1688 orders, exactly once.
import { Command } from 'commander';
import { orders as orderApi, type AlibabaClient } from '../../alibaba/index.js';
import { ExitCode } from '../../errors.js';
import { crashAt } from '../../sync/failpoints.js';
import { pushOrders, type PushOrdersDeps, type PushOrdersResult } from '../../sync/orders.js';
import type { OrderApi } from '../../sync/orders/submit.js';
import { formatDuration, type Output } from '../output.js';
import { recordRemoteMetrics } from '../remote-metrics.js';
import { trackedRun, type RunTracker } from '../run.js';
import type { Session } from '../session.js';
import type { AppContext } from '../context.js';

const collect = (value: string, previous: string[]): string[] => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

/** The order calls push-orders needs, over the run's shared 1688 client. */
export function orderApiOf(ctx: AppContext): OrderApi {
  return orderApiFor(ctx.alibaba().client);
}

/** The order calls push-orders needs, over a given client (the bench builds its own). */
export function orderApiFor(client: AlibabaClient): OrderApi {
  return {
    createOrder: (input) => orderApi.createOrder(client, input),
    findByOutOrderId: async (outOrderId) => {
      const found = await orderApi.findOrderByOutOrderId(client, outOrderId);
      return found ? { orderId: found.baseInfo.id, status: found.baseInfo.status, totalYuan: found.baseInfo.totalAmount } : undefined;
    },
  };
}

export function pushOrdersCommand(session: Session): Command {
  return new Command('push-orders')
    .description('send confirmed purchase orders of 1688 vendors to 1688, exactly once, and write the order ids back')
    .option('--po <name>', 'only this purchase order (repeatable, or comma-separated)', collect, [])
    .addHelpText('after', '\nExamples:\n  $ alibaba-odoo-sync push-orders\n  $ alibaba-odoo-sync push-orders --po P00042 --dry-run\n')
    .action(
      session.action<{ po: string[] }>(async (ctx, opts) => {
        ctx.config(); // a bad config exits 2 before the lease is taken
        return trackedRun(ctx, 'push-orders', ctx.options.dryRun ? [] : ['orders'], async (run) => {
          const started = performance.now();
          try {
            const result = await pushOrders(pushOrdersDeps(ctx, run), { poNames: opts.po, dryRun: ctx.options.dryRun });
            printResult(ctx.output(), result, performance.now() - started);
            return result.counts.deadLettered > 0 ? ExitCode.RecordsFailed : ExitCode.Ok;
          } finally {
            recordRemoteMetrics(ctx, run);
          }
        });
      }),
    );
}

function printResult(out: Output, r: PushOrdersResult, ms: number): void {
  if (out.json) {
    out.printJson({ ...r, durationMs: Math.round(ms) });
    return;
  }
  if (r.dryRun) {
    for (const o of r.orders) {
      if (o.payload) out.line(`${o.po} would be sent as:\n${JSON.stringify(o.payload, null, 2)}`);
      else out.line(`${o.po}: ${o.action}${o.detail ? `: ${o.detail}` : ''}`);
    }
  }
  const c = r.counts;
  out.table(
    ['orders', 'submitted', 'recovered', 'pending', 'refused', 'invalid', 'failed', 'time'],
    [[r.selected, c.submitted, c.recovered, c.pending, c.refused, c.invalid, c.failed, formatDuration(ms)]],
    r.dryRun ? 'push-orders (dry run: nothing was sent)' : 'push-orders',
  );
  if (!r.dryRun) {
    const notable = r.orders.filter((o) => o.action !== 'submitted' && o.action !== 'already');
    out.table(['purchase order', 'result', '1688 order', 'detail'], r.orders.filter((o) => o.action !== 'already').map((o) => [o.po, o.action, o.orderId ?? '', o.detail ?? '']));
    for (const o of notable.filter((n) => n.action === 'refused' || n.action === 'invalid' || n.action === 'failed')) out.important(`${o.po}: ${o.action}: ${o.detail ?? ''}`);
  }
  if (c.deadLettered > 0) out.important(`${c.deadLettered} purchase order(s) dead-lettered; see \`alibaba-odoo-sync dlq list --kind po\``);
  if (r.skippedDeadLettered.length > 0) out.line(`Left out, in the dead letters: ${r.skippedDeadLettered.join(', ')}`);
}

/** push-orders' wiring over the run's clients, shared with commands that replay purchase orders (`dlq retry --now`). */
export function pushOrdersDeps(ctx: AppContext, run: RunTracker): PushOrdersDeps {
  return {
    odoo: ctx.odoo(),
    api: orderApiOf(ctx),
    store: ctx.store(),
    logger: run.logger,
    config: ctx.config().config,
    metrics: run,
    failpoint: crashAt(ctx.io.env.AOS_FAILPOINT),
  };
}
