// `pull-shipments`: 1688 order status and tracking onto purchase orders and incoming pickings.
import { Command } from 'commander';
import { logistics as logisticsApi, orders as orderApi, type AlibabaClient } from '../../alibaba/index.js';
import type { OrderDetail } from '../../alibaba/schemas.js';
import { ExitCode, UsageError } from '../../errors.js';
import { pullShipments, type OrderHead, type PullShipmentsDeps, type PullShipmentsResult, type ShipmentApi } from '../../sync/shipments.js';
import type { AppContext } from '../context.js';
import { formatDuration, type Output } from '../output.js';
import { recordRemoteMetrics } from '../remote-metrics.js';
import { trackedRun, type RunTracker } from '../run.js';
import type { Session } from '../session.js';

const collect = (value: string, previous: string[]): string[] => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

const head = (o: OrderDetail): OrderHead => ({
  orderId: o.baseInfo.id,
  status: o.baseInfo.status,
  outOrderId: o.baseInfo.outOrderId,
  modifyTime: o.baseInfo.modifyTime,
  closeReason: o.baseInfo.closeReason,
});

/** The 1688 calls pull-shipments needs, over the run's shared client. */
export function shipmentApiOf(ctx: AppContext): ShipmentApi {
  return shipmentApi(ctx.alibaba().client);
}

/** The 1688 calls pull-shipments needs, over a given client (the bench builds its own). */
export function shipmentApi(client: AlibabaClient): ShipmentApi {
  return {
    async *modified(from, to) {
      for await (const page of orderApi.iterateOrders(client, { modifyStartTime: from, modifyEndTime: to, pageSize: 50 })) yield page.orders.map(head);
    },
    order: async (orderId) => head(await orderApi.getOrder(client, orderId)),
    logistics: async (orderId) => {
      const found = await logisticsApi.getLogistics(client, orderId);
      if (!found.shipped) return [];
      return found.packages.map((p) => ({ billNo: p.logisticsBillNo, company: p.logisticsCompanyName, status: p.status }));
    },
  };
}

/** pull-shipments' wiring over the run's clients, shared with `sync` and `serve`. */
export function pullShipmentsDeps(ctx: AppContext, run: RunTracker): PullShipmentsDeps {
  return { odoo: ctx.odoo(), api: shipmentApiOf(ctx), store: ctx.store(), logger: run.logger, config: ctx.config().config, metrics: run };
}

export function pullShipmentsCommand(session: Session): Command {
  return new Command('pull-shipments')
    .description('bring 1688 order status and shipment tracking onto purchase orders and their incoming pickings')
    .option('--order <id>', 'only this 1688 order (repeatable, or comma-separated)', collect, [])
    .addHelpText('after', '\nExamples:\n  $ alibaba-odoo-sync pull-shipments\n  $ alibaba-odoo-sync pull-shipments --order 3012345678901234567 --dry-run\n')
    .action(
      session.action<{ order: string[] }>(async (ctx, opts) => {
        for (const id of opts.order) if (!/^\d+$/.test(id)) throw new UsageError(`--order ${id}: expected a numeric 1688 order id`);
        ctx.config(); // a bad config exits 2 before the lease is taken
        return trackedRun(ctx, 'pull-shipments', ctx.options.dryRun ? [] : ['shipments'], async (run) => {
          const started = performance.now();
          try {
            const result = await pullShipments(pullShipmentsDeps(ctx, run), { orderIds: opts.order, dryRun: ctx.options.dryRun });
            printResult(ctx.output(), result, performance.now() - started);
            return result.counts.deadLettered > 0 ? ExitCode.RecordsFailed : ExitCode.Ok;
          } finally {
            recordRemoteMetrics(ctx, run);
          }
        });
      }),
    );
}

function printResult(out: Output, r: PullShipmentsResult, ms: number): void {
  if (out.json) {
    out.printJson({ ...r, durationMs: Math.round(ms) });
    return;
  }
  const c = r.counts;
  out.table(
    ['orders seen', 'updated', 'unchanged', 'not ours', 'status changes', 'pickings updated', 'failed', 'time'],
    [[c.seen, c.updated, c.unchanged, c.notOurs, c.statusChanges, c.pickingsUpdated, c.failed, formatDuration(ms)]],
    r.dryRun ? 'pull-shipments (dry run: nothing was written)' : 'pull-shipments',
  );
  const shown = r.orders.filter((o) => o.action === 'updated' || o.action === 'would update' || o.action === 'failed');
  if (shown.length > 0) out.table(['1688 order', 'PO id', 'result', 'status', 'tracking', 'detail'], shown.map((o) => [o.orderId, o.po, o.action, o.status, o.tracking ?? '', o.detail ?? '']));
  if (r.window) out.line(`Window: ${r.window.from} to ${r.window.to}; cursor now ${r.cursor ?? 'unset'}`);
  for (const f of r.orders.filter((o) => o.action === 'failed')) out.important(`failed: 1688 order ${f.orderId}: ${f.detail ?? ''}`);
  if (c.deadLettered > 0) out.important(`${c.deadLettered} order(s) dead-lettered; see \`alibaba-odoo-sync dlq list --kind shipment\``);
}
