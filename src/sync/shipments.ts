// pull-shipments: 1688 order status and logistics -> the purchase orders and their incoming pickings; cursor after commit.
import pLimit from 'p-limit';
import type { Config } from '../config/schema.js';
import { describeError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { MAY_HAVE_SHIPPED, type PackageInfo } from '../mapping/shipment.js';
import type { OdooClient } from '../odoo/client.js';
import { MODELS } from '../odoo/models.js';
import { countRecord } from '../observability/metrics.js';
import type { Store } from '../state/store.js';
import { classifyFailure, fileFailure } from './failures.js';
import { contentHash } from './hash.js';
import type { RunMetrics } from './products.js';
import { applyUpdates, PickingContext, type OrderUpdate } from './shipments/apply.js';

export const ORDERS_CURSOR = 'orders.modified';

export interface OrderHead {
  orderId: string;
  status: string;
  outOrderId: string | undefined;
  modifyTime: Date | undefined;
  closeReason: string | undefined;
}

export interface ShipmentApi {
  /** Pages of orders modified in [from, to]. */
  modified(from: Date, to: Date): AsyncIterable<OrderHead[]>;
  order(orderId: string): Promise<OrderHead>;
  logistics(orderId: string): Promise<PackageInfo[] | undefined>;
}

export interface PullShipmentsDeps {
  odoo: OdooClient;
  api: ShipmentApi;
  store: Store;
  logger: Logger;
  config: Readonly<Config>;
  metrics: RunMetrics;
  now?: () => Date;
}

export interface PullShipmentsOptions {
  orderIds: readonly string[];
  dryRun: boolean;
  /** How far back the first run looks when there is no cursor yet. */
  firstWindowMs?: number;
}

export interface ShipmentOutcome {
  orderId: string;
  po: number | undefined;
  action: 'updated' | 'unchanged' | 'not ours' | 'failed' | 'would update';
  status: string;
  tracking?: string;
  detail?: string;
}

export interface PullShipmentsResult {
  window: { from: string; to: string } | undefined;
  counts: Record<'seen' | 'updated' | 'unchanged' | 'notOurs' | 'failed' | 'deadLettered' | 'retrying' | 'statusChanges' | 'pickingsUpdated', number>;
  orders: ShipmentOutcome[];
  cursor: string | undefined;
  dryRun: boolean;
}

const GROUP = 50;

export async function pullShipments(deps: PullShipmentsDeps, options: PullShipmentsOptions): Promise<PullShipmentsResult> {
  const { store, config } = deps;
  const now = deps.now ?? (() => new Date());
  const result: PullShipmentsResult = {
    window: undefined,
    counts: { seen: 0, updated: 0, unchanged: 0, notOurs: 0, failed: 0, deadLettered: 0, retrying: 0, statusChanges: 0, pickingsUpdated: 0 },
    orders: [],
    cursor: store.cursors.get(ORDERS_CURSOR),
    dryRun: options.dryRun,
  };
  const pickings = new PickingContext(deps.odoo, config.sync.carrierMap);
  const explicit = options.orderIds.length > 0;
  const queued = explicit ? [] : store.jobs.dueKeys('shipment');
  const single = [...new Set([...options.orderIds, ...queued])];
  const limit = pLimit(Math.max(1, config.alibaba.concurrency));
  for (let i = 0; i < single.length; i += GROUP) {
    const heads: OrderHead[] = [];
    await Promise.all(
      single.slice(i, i + GROUP).map((id) =>
        limit(async () => {
          try {
            heads.push(await deps.metrics.phase('fetch', () => deps.api.order(id)));
          } catch (err) {
            fail(deps, result, id, undefined, err);
          }
        }),
      ),
    );
    await processGroup(deps, pickings, result, heads, options.dryRun);
  }
  if (explicit) return result;

  const to = now();
  const from = result.cursor
    ? new Date(new Date(result.cursor).getTime() - config.sync.shipmentOverlap)
    : new Date(to.getTime() - (options.firstWindowMs ?? 30 * 86_400_000));
  result.window = { from: from.toISOString(), to: to.toISOString() };
  const done = new Set(single);
  for await (const page of deps.api.modified(from, to)) {
    const fresh = page.filter((h) => !done.has(h.orderId));
    for (const h of fresh) done.add(h.orderId);
    await processGroup(deps, pickings, result, fresh, options.dryRun);
  }
  // Every order up to `to` is now written to Odoo or filed as a job: the cursor may pass it.
  if (!options.dryRun) {
    store.cursors.set(ORDERS_CURSOR, to.toISOString());
    result.cursor = to.toISOString();
  }
  return result;
}

function fail(deps: PullShipmentsDeps, result: PullShipmentsResult, orderId: string, po: number | undefined, err: unknown): void {
  if (classifyFailure(err).abortRun) throw err;
  result.counts.failed += 1;
  result.orders.push({ orderId, po, action: 'failed', status: '', detail: describeError(err) });
  if (result.dryRun) return;
  const filed = fileFailure(deps.store, deps.logger, { kind: 'shipment', key: orderId, payload: { orderId }, error: err, context: { orderId, po } });
  result.counts[filed === 'dead' ? 'deadLettered' : 'retrying'] += 1;
  countRecord(deps.metrics, 'shipment', filed === 'dead' ? 'dead_lettered' : 'retrying');
}

/** The purchase order of a 1688 order: by link, by the outbox's outOrderId, or by x_alibaba_order_id in Odoo. */
async function resolvePos(deps: PullShipmentsDeps, heads: readonly OrderHead[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const unknown: string[] = [];
  for (const h of heads) {
    const link = deps.store.links.get('order', h.orderId);
    const outbox = h.outOrderId ? deps.store.outbox.byOutOrderId(h.outOrderId) : undefined;
    const po = link?.odooId ?? outbox?.poId;
    if (po !== undefined) out.set(h.orderId, po);
    else unknown.push(h.orderId);
  }
  if (unknown.length > 0) {
    const rows = await deps.odoo.searchReadAll(MODELS.purchaseOrder, [['x_alibaba_order_id', 'in', unknown]], ['x_alibaba_order_id']);
    for (const r of rows) if (typeof r.x_alibaba_order_id === 'string') out.set(r.x_alibaba_order_id, r.id);
  }
  return out;
}

async function processGroup(deps: PullShipmentsDeps, pickings: PickingContext, result: PullShipmentsResult, heads: readonly OrderHead[], dryRun: boolean): Promise<void> {
  if (heads.length === 0) return;
  result.counts.seen += heads.length;
  const pos = await deps.metrics.phase('write', () => resolvePos(deps, heads));
  const limit = pLimit(Math.max(1, deps.config.alibaba.concurrency));
  const updates: (OrderUpdate & { hash: string })[] = [];
  await Promise.all(
    heads.map((h) =>
      limit(async () => {
        const poId = pos.get(h.orderId);
        if (poId === undefined) {
          result.counts.notOurs += 1;
          result.orders.push({ orderId: h.orderId, po: undefined, action: 'not ours', status: h.status });
          return;
        }
        try {
          const packages = MAY_HAVE_SHIPPED.has(h.status) ? ((await deps.metrics.phase('fetch', () => deps.api.logistics(h.orderId))) ?? []) : [];
          const hash = contentHash({ status: h.status, packages });
          if (deps.store.links.get('order', h.orderId)?.hash === hash) {
            result.counts.unchanged += 1;
            countRecord(deps.metrics, 'shipment', 'unchanged');
            if (!dryRun) deps.store.jobs.completeByKey('shipment', h.orderId);
            return;
          }
          updates.push({ orderId: h.orderId, poId, status: h.status, closeReason: h.closeReason, packages, hash });
        } catch (err) {
          fail(deps, result, h.orderId, poId, err);
        }
      }),
    ),
  );
  if (dryRun) {
    for (const u of updates) result.orders.push({ orderId: u.orderId, po: u.poId, action: 'would update', status: u.status, tracking: u.packages.map((p) => p.billNo).filter(Boolean).join(', ') });
    return;
  }
  await deps.metrics.phase('write', () => writeGroup(deps, pickings, result, updates));
}

async function writeGroup(deps: PullShipmentsDeps, pickings: PickingContext, result: PullShipmentsResult, updates: readonly (OrderUpdate & { hash: string })[]): Promise<void> {
  let applied;
  try {
    applied = await applyUpdates(deps.odoo, pickings, updates);
  } catch (err) {
    // The shared reads failed: nothing was written for this group.
    if (classifyFailure(err).abortRun) throw err;
    for (const u of updates) fail(deps, result, u.orderId, u.poId, err);
    return;
  }
  for (const [i, a] of applied.entries()) {
    const u = updates[i]!;
    if (a.status === 'rejected') {
      fail(deps, result, u.orderId, u.poId, a.reason);
      continue;
    }
    const previous = deps.store.links.get('order', u.orderId)?.extra ?? {};
    deps.store.links.upsert([{ kind: 'order', externalId: u.orderId, odooId: u.poId, hash: u.hash, extra: { ...previous, status: u.status } }]);
    deps.store.jobs.completeByKey('shipment', u.orderId);
    result.counts.updated += 1;
    if (a.value.statusChanged) result.counts.statusChanges += 1;
    result.counts.pickingsUpdated += a.value.pickingsUpdated;
    countRecord(deps.metrics, 'shipment', 'updated');
    result.orders.push({ orderId: u.orderId, po: u.poId, action: 'updated', status: u.status, tracking: u.packages.map((p) => p.billNo).filter(Boolean).join(', ') });
  }
}
