// Inbox worker: re-reads the orders that push messages point at, queues product messages, retries and dead-letters.
import type { Config } from '../../config/schema.js';
import { LockedError } from '../../errors.js';
import { backoffDelay } from '../../http/retry.js';
import type { Logger } from '../../log/logger.js';
import type { StockReading } from '../../mapping/stock.js';
import type { SinkDeliveryOptions } from '../../observability/alerts/sinks.js';
import type { OdooClient } from '../../odoo/client.js';
import type { FailureInfo } from '../../state/dead-letters.js';
import type { InboxMessage } from '../../state/inbox.js';
import type { LockHolder } from '../../state/locks.js';
import type { Store } from '../../state/store.js';
import { classifyFailure } from '../failures.js';
import { queueProductMessages } from '../products/select.js';
import { pullShipments, type ShipmentApi } from '../shipments.js';
import { applyStock } from '../stock.js';
import { metricsOf, recordLatency, type ServeStats } from './stats.js';
import { workOf } from './work.js';

export const SHIPMENTS_LEASE = 'shipments';

export interface WorkerDeps {
  store: Store;
  odoo: OdooClient;
  shipmentApi: ShipmentApi;
  config: Readonly<Config>;
  logger: Logger;
  holder: LockHolder;
  stats: ServeStats;
  /** Alert sink knobs for the supplier stock alerts (tests point PagerDuty and Opsgenie at loopback). */
  delivery?: SinkDeliveryOptions | undefined;
}

export interface WorkerOptions {
  /** Attempts before a message is dead-lettered (kind `message`). */
  maxAttempts?: number;
  /** Backoff between attempts of a failed message: base doubles per attempt, up to max, with jitter. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Wait before trying again when a `pull-shipments` run holds the shipments lease. */
  lockRetryMs?: number;
  /** TTL of the shipments lease, renewed every third of it while a cycle runs. */
  leaseMs?: number;
  /** Messages per round (one pullShipments call). */
  batchSize?: number;
}

export class InboxWorker {
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private again = false;
  private stopped = false;
  private readonly opts: Required<WorkerOptions>;

  constructor(private readonly deps: WorkerDeps, options: WorkerOptions = {}, private paused = false) {
    this.opts = {
      maxAttempts: options.maxAttempts ?? 8,
      backoffBaseMs: options.backoffBaseMs ?? 2_000,
      backoffMaxMs: options.backoffMaxMs ?? 5 * 60_000,
      lockRetryMs: options.lockRetryMs ?? 5_000,
      leaseMs: options.leaseMs ?? 60_000,
      batchSize: options.batchSize ?? 500,
    };
  }

  /** Asks for a cycle as soon as possible (a message arrived, or the worker was resumed). */
  wake(): void {
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  resume(): void {
    this.paused = false;
    this.wake();
  }

  /** Resolves when no cycle runs and none is due right now (messages in backoff may still wait). */
  async idle(): Promise<void> {
    for (;;) {
      if (this.running) await this.running;
      else if (this.timer && this.timerAt <= Date.now() + 5 && !this.paused && !this.stopped) await new Promise((r) => setTimeout(r, 5));
      else return;
    }
  }

  /** No new cycles; resolves when the current one has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped || this.paused) return;
    const at = Date.now() + delayMs;
    if (this.timer && this.timerAt <= at) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Number.POSITIVE_INFINITY;
      this.start();
    }, delayMs);
  }

  private start(): void {
    if (this.running || this.stopped || this.paused) return;
    this.again = false;
    this.running = this.cycle()
      .catch((err: unknown) => {
        this.deps.logger.error('the inbox worker cycle failed; trying again later', { error: err });
        this.schedule(this.opts.lockRetryMs);
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) this.schedule(0);
      });
  }

  /** One cycle under the shipments lease: rounds of due messages until none is left. */
  private async cycle(): Promise<void> {
    const { store, holder, logger } = this.deps;
    try {
      store.locks.acquire([SHIPMENTS_LEASE], holder, this.opts.leaseMs);
    } catch (err) {
      if (!(err instanceof LockedError)) throw err;
      logger.debug(`another run holds the shipments lease; the inbox is processed in ${this.opts.lockRetryMs} ms`);
      this.schedule(this.opts.lockRetryMs);
      return;
    }
    const renew = setInterval(() => {
      if (!store.locks.renew([SHIPMENTS_LEASE], holder.runId, this.opts.leaseMs)) logger.warn('the shipments lease was taken over by another run');
    }, Math.max(1_000, this.opts.leaseMs / 3));
    renew.unref();
    try {
      this.deps.stats.cycles += 1;
      for (let round = 0; round < 1_000 && !this.stopped; round++) {
        const due = this.due();
        if (due.length === 0) break;
        await this.round(due);
      }
    } finally {
      clearInterval(renew);
      if (store.db.open) store.locks.release([SHIPMENTS_LEASE], holder.runId);
    }
    // Messages waiting out their backoff (kept in the state file, so a restart keeps it too).
    if (!store.db.open) return;
    const next = Math.min(...store.inbox.pending(this.opts.batchSize * 10).map((m) => (m.nextAttemptAt ? Date.parse(m.nextAttemptAt) : Number.POSITIVE_INFINITY)));
    if (Number.isFinite(next)) this.schedule(Math.max(0, next - Date.now()));
  }

  private due(): InboxMessage[] {
    const now = Date.now();
    return this.deps.store.inbox
      .pending(this.opts.batchSize * 10)
      .filter((m) => !m.nextAttemptAt || Date.parse(m.nextAttemptAt) <= now)
      .slice(0, this.opts.batchSize);
  }

  private async round(messages: readonly InboxMessage[]): Promise<void> {
    const { store, logger, stats } = this.deps;
    const orderWork: { message: InboxMessage; orderIds: string[]; order: boolean }[] = [];
    const inventory: { message: InboxMessage; readings: StockReading[] }[] = [];
    let products = false;
    for (const m of messages) {
      const work = workOf(m);
      if (work.kind === 'orders') orderWork.push({ message: m, orderIds: work.orderIds, order: work.order });
      else if (work.kind === 'product') products = true;
      else if (work.kind === 'inventory') inventory.push({ message: m, readings: work.readings });
      else if (work.kind === 'bad') this.deadLetter(m, { code: 'bad_message', message: work.problem });
      else {
        logger.debug('push message of a topic this tool does not use; marked processed', { msgId: m.msgId, type: m.type });
        this.done(m);
      }
    }
    if (products) {
      // queueProductMessages turns every waiting product message into offer jobs and marks it processed.
      const offers = queueProductMessages(store, logger);
      const count = messages.filter((m) => m.type.startsWith('PRODUCT_')).length;
      stats.processed += count;
      logger.debug('product messages queued as offer jobs for the next pull-products run', { messages: count, offers });
    }
    if (inventory.length > 0) await this.applyInventory(inventory);
    if (orderWork.length === 0) return;
    const orderIds = [...new Set(orderWork.flatMap((w) => w.orderIds))];
    let outcomes;
    try {
      const result = await pullShipments(
        { odoo: this.deps.odoo, api: this.deps.shipmentApi, store, logger, config: this.deps.config, metrics: metricsOf(stats) },
        { orderIds, dryRun: false },
      );
      outcomes = new Map(result.orders.map((o) => [o.orderId, o]));
    } catch (err) {
      const { failure } = classifyFailure(err);
      for (const w of orderWork) this.failed(w.message, failure);
      return;
    }
    for (const w of orderWork) {
      const failedOrder = w.orderIds.map((id) => outcomes.get(id)).find((o) => o?.action === 'failed');
      if (failedOrder) {
        this.failed(w.message, { code: 'shipment_failed', message: `1688 order ${failedOrder.orderId}: ${failedOrder.detail ?? 'failed'}` });
        continue;
      }
      this.done(w.message);
      // pullShipments lists no outcome for an unchanged order: its PO and picking already match 1688.
      const written = w.orderIds.some((id) => ['updated', 'unchanged', undefined].includes(outcomes.get(id)?.action));
      if (w.order && written) {
        const latencyMs = Date.now() - Date.parse(w.message.receivedAt);
        recordLatency(stats, latencyMs);
        logger.debug('order message applied', { msgId: w.message.msgId, orderIds: w.orderIds, latencyMs });
      }
    }
  }

  /** Inventory messages write the supplier's stock alone, all of a round in one go. */
  private async applyInventory(inventory: readonly { message: InboxMessage; readings: StockReading[] }[]): Promise<void> {
    const { store, odoo, config, logger, holder, stats } = this.deps;
    try {
      const metrics = metricsOf(stats);
      const result = await applyStock(
        { odoo, store, logger, config, runId: holder.runId, command: 'serve', delivery: this.deps.delivery, count: (name, by) => metrics.count(name, by) },
        inventory.flatMap((i) => i.readings),
        { dryRun: false },
      );
      for (const i of inventory) this.done(i.message);
      logger.debug('inventory messages applied', { messages: inventory.length, variants: result.written, stale: result.stale, significant: result.significant.length });
    } catch (err) {
      const { failure } = classifyFailure(err);
      for (const i of inventory) this.failed(i.message, failure);
    }
  }

  private done(m: InboxMessage): void {
    this.deps.store.inbox.markProcessed(m.msgId);
    this.deps.stats.processed += 1;
  }

  private failed(m: InboxMessage, failure: FailureInfo): void {
    const attempts = m.attempts + 1;
    if (attempts >= this.opts.maxAttempts) {
      this.deadLetter(m, failure, attempts);
      return;
    }
    const delay = backoffDelay(attempts, { baseDelayMs: this.opts.backoffBaseMs, maxDelayMs: this.opts.backoffMaxMs });
    this.deps.store.inbox.markFailed(m.msgId, failure.message, new Date(Date.now() + delay));
    this.deps.stats.failed += 1;
    this.deps.logger.warn(`push message ${m.msgId} failed (attempt ${attempts} of ${this.opts.maxAttempts}), retried in ${delay} ms: ${failure.message}`, { code: failure.code });
  }

  /** Moves a message to the dead letters and out of the pending inbox, in one transaction. */
  private deadLetter(m: InboxMessage, failure: FailureInfo, attempts = m.attempts + 1): void {
    const { store } = this.deps;
    store.db.transaction(() => {
      store.deadLetters.add({ kind: 'message', key: m.msgId, payload: m.payload, attempts, failure });
      store.inbox.markFailed(m.msgId, failure.message);
      store.inbox.markProcessed(m.msgId);
    })();
    this.deps.stats.deadLettered += 1;
    this.deps.logger.warn(`push message ${m.msgId} dead-lettered: ${failure.message}`, { code: failure.code, type: m.type });
  }
}
