// push-orders: confirmed Odoo purchase orders for 1688 vendors -> 1688 orders, exactly once, written back to Odoo.
import pLimit from 'p-limit';
import type { CreateOrderInput } from '../alibaba/api/orders.js';
import type { Config } from '../config/schema.js';
import { RecordError, describeError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { mapAddress } from '../mapping/address.js';
import { outOrderIdFor, planOrder } from '../mapping/order.js';
import type { OdooClient } from '../odoo/client.js';
import { fieldText, MODELS } from '../odoo/models.js';
import type { Store } from '../state/store.js';
import type { FailpointHook } from './failpoints.js';
import { countRecord } from '../observability/metrics.js';
import { classifyFailure, fileFailure } from './failures.js';
import { findOrderIds, loadOrders, type LoadedOrder } from './orders/load.js';
import { refusalError, submitOnce, type OrderApi } from './orders/submit.js';
import { writeBack } from './orders/writeback.js';
import type { RunMetrics } from './products.js';

export interface PushOrdersDeps {
  odoo: OdooClient;
  api: OrderApi;
  store: Store;
  logger: Logger;
  config: Readonly<Config>;
  metrics: RunMetrics;
  now?: () => Date;
  failpoint?: FailpointHook | undefined;
}

export interface PushOrdersOptions {
  poNames: readonly string[];
  dryRun: boolean;
}

export type OrderAction = 'submitted' | 'recovered' | 'refused' | 'invalid' | 'pending' | 'failed' | 'already' | 'would submit';

export interface OrderOutcome {
  po: string;
  action: OrderAction;
  orderId?: string;
  detail?: string;
  payload?: CreateOrderInput;
}

export interface PushOrdersResult {
  selected: number;
  counts: Record<'submitted' | 'recovered' | 'refused' | 'invalid' | 'pending' | 'failed' | 'deadLettered' | 'retrying' | 'warnings', number>;
  orders: OrderOutcome[];
  skippedDeadLettered: string[];
  dryRun: boolean;
}

export async function pushOrders(deps: PushOrdersDeps, options: PushOrdersOptions): Promise<PushOrdersResult> {
  const { odoo, store, logger, config } = deps;
  const db = config.odoo.database;
  const rows = await deps.metrics.phase('write', () => findOrderIds(odoo, { poNames: options.poNames, extraDomain: config.sync.ordersDomain }));
  const dead = new Set(store.deadLetters.list({ kind: 'po' }).map((d) => d.key));
  const skippedDeadLettered = options.poNames.length > 0 ? [] : rows.filter((r) => dead.has(String(r.id))).map((r) => String(r.name));
  const selected = options.poNames.length > 0 ? rows : rows.filter((r) => !dead.has(String(r.id)));
  const result: PushOrdersResult = {
    selected: selected.length,
    counts: { submitted: 0, recovered: 0, refused: 0, invalid: 0, pending: 0, failed: 0, deadLettered: 0, retrying: 0, warnings: 0 },
    orders: [],
    skippedDeadLettered,
    dryRun: options.dryRun,
  };
  if (selected.length === 0) return result;
  const { orders, links } = await deps.metrics.phase('write', () => loadOrders(odoo, store, selected));
  const cnyPer = await cnyConverter(odoo, config.sync.pricing.currency);

  const fail = async (order: LoadedOrder, err: unknown, chatter: string | undefined): Promise<void> => {
    if (classifyFailure(err).abortRun) throw err;
    const filed = fileFailure(store, logger, {
      kind: 'po',
      key: String(order.po.id),
      payload: { poId: order.po.id, poName: order.po.name },
      error: err,
      context: { po: order.po.name },
    });
    result.counts.failed += 1;
    result.counts[filed === 'dead' ? 'deadLettered' : 'retrying'] += 1;
    countRecord(deps.metrics, 'order', filed === 'dead' ? 'dead_lettered' : 'retrying');
    if (chatter && filed === 'dead') {
      const letter = store.deadLetters.list({ kind: 'po' }).filter((d) => d.key === String(order.po.id)).pop();
      await odoo
        .messagePost(order.po.id, `${chatter}\nFix the purchase order, then replay it: alibaba-odoo-sync dlq retry ${letter?.id ?? ''}`.trim())
        .catch((e: unknown) => logger.warn('could not post the failure to the purchase order', { po: order.po.name, error: e }));
    }
  };

  const one = async (order: LoadedOrder): Promise<void> => {
    const { po } = order;
    const log = logger.child({ po: po.name });
    if (order.alibabaOrderId) {
      result.orders.push({ po: po.name, action: 'already', orderId: order.alibabaOrderId, detail: 'already on 1688' });
      return;
    }
    let entry = store.outbox.get(db, po.id);
    let input = entry && entry.state !== 'pending' && entry.state !== 'failed' ? (entry.payload as CreateOrderInput) : undefined;
    if (!input) {
      const plan = planOrder(po, db, links);
      const address = order.address ? mapAddress(order.address) : { ok: false as const, problems: ['delivery address: the PO has no receiving warehouse address or dropship address'] };
      const problems = [...(plan.ok ? [] : plan.problems), ...(address.ok ? [] : address.problems)];
      if (!plan.ok || !address.ok) {
        result.counts.invalid += 1;
        result.orders.push({ po: po.name, action: 'invalid', detail: problems.join('; ') });
        if (!options.dryRun) {
          const err = new RecordError(po.name, `${po.name} cannot be sent to 1688: ${problems.join('; ')}`, { hint: 'fix the purchase order in Odoo, then `dlq retry`' });
          await fail(order, err, `This purchase order cannot be sent to 1688:\n- ${problems.join('\n- ')}`);
        }
        return;
      }
      input = { flow: 'general', message: plan.value.message, outOrderId: plan.value.outOrderId, addressParam: address.value, cargoParamList: plan.value.cargo };
    }
    if (options.dryRun) {
      result.orders.push({ po: po.name, action: 'would submit', payload: input });
      return;
    }
    entry ??= store.outbox.ensure({ odooDb: db, poId: po.id, poName: po.name, outOrderId: input.outOrderId ?? outOrderIdFor(db, po.id), payload: input });
    try {
      const outcome = await deps.metrics.phase('fetch', () =>
        submitOnce({ store, api: deps.api, logger: log, settleMs: config.sync.orderLookupSettle, failpoint: deps.failpoint, ...(deps.now ? { now: deps.now } : {}) }, entry, input),
      );
      if (outcome.kind === 'pending') {
        result.counts.pending += 1;
        result.orders.push({ po: po.name, action: 'pending', detail: outcome.reason });
        return;
      }
      if (outcome.kind === 'refused') {
        result.counts.refused += 1;
        result.orders.push({ po: po.name, action: 'refused', detail: outcome.reasons.join('; ') });
        await fail(order, refusalError(po.name, outcome.reasons), `1688 refused this order:\n- ${outcome.reasons.join('\n- ')}`);
        return;
      }
      const poAmountCny = cnyPer(order.currency, order.amountUntaxed);
      const wb = await deps.metrics.phase('write', () =>
        writeBack(odoo, { poId: po.id, poName: po.name, orderId: outcome.orderId, status: 'waitbuyerpay', result: outcome.result, poAmountCny, tolerance: config.sync.amountTolerance }),
      );
      deps.failpoint?.('after-writeback');
      if (wb.amountWarning) {
        result.counts.warnings += 1;
        log.warn(wb.amountWarning);
      }
      store.jobs.completeByKey('po', String(po.id));
      result.counts[outcome.recovered ? 'recovered' : 'submitted'] += 1;
      countRecord(deps.metrics, 'order', outcome.recovered ? 'updated' : 'created');
      result.orders.push({ po: po.name, action: outcome.recovered ? 'recovered' : 'submitted', orderId: outcome.orderId, ...(wb.amountWarning ? { detail: wb.amountWarning } : {}) });
    } catch (err) {
      result.orders.push({ po: po.name, action: 'failed', detail: err instanceof Error ? err.message : String(err) });
      await fail(order, err, undefined);
    }
  };

  const limit = pLimit(Math.max(1, config.alibaba.concurrency));
  let abort: unknown;
  await Promise.all(
    orders.map((o) =>
      limit(async () => {
        if (abort !== undefined) return;
        try {
          await one(o);
        } catch (err) {
          abort ??= err;
        }
      }),
    ),
  );
  if (abort !== undefined) throw abort instanceof Error ? abort : new Error(describeError(abort));
  result.orders.sort((a, b) => a.po.localeCompare(b.po));
  return result;
}

/** Converts an amount into `cny` with Odoo's own rates (undefined when a rate is missing); one read per run. */
export async function cnyConverter(odoo: OdooClient, cny: string): Promise<(currency: string, amount: number) => number | undefined> {
  const rows = await odoo.searchReadAll(MODELS.currency, [['active', '=', true]], ['name', 'rate']);
  const rate = new Map(rows.map((r) => [fieldText(r.name), Number(r.rate)]));
  return (currency, amount) => {
    if (currency === cny) return amount;
    const from = rate.get(currency);
    const to = rate.get(cny);
    return from && to ? (amount / from) * to : undefined;
  };
}
