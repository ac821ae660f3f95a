// Background push of purchase orders announced by the Odoo webhook, one batch at a time under the orders lease.
import type { Config } from '../../config/schema.js';
import { LockedError } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import type { OdooClient } from '../../odoo/client.js';
import { MODELS } from '../../odoo/models.js';
import type { LockHolder } from '../../state/locks.js';
import type { Store } from '../../state/store.js';
import { pushOrders } from '../orders.js';
import { pendingDomain } from '../orders/load.js';
import type { OrderApi } from '../orders/submit.js';
import { metricsOf, type ServeStats } from './stats.js';

export const ORDERS_LEASE = 'orders';
const LEASE_MS = 10 * 60_000;

export interface PoPusherDeps {
  store: Store;
  odoo: OdooClient;
  orderApi: OrderApi;
  config: Readonly<Config>;
  logger: Logger;
  holder: LockHolder;
  stats: ServeStats;
}

/** A purchase order named by the webhook: its reference, or only its database id. */
export type PoRef = { name: string } | { id: number };

export class PoPusher {
  private readonly names = new Set<string>();
  private readonly ids = new Set<number>();
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly deps: PoPusherDeps) {}

  enqueue(ref: PoRef): void {
    if ('name' in ref) this.names.add(ref.name);
    else this.ids.add(ref.id);
    this.deps.stats.posQueued += 1;
    this.kick();
  }

  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** No new pushes; resolves when the one in progress has finished. Queued POs are left to push-orders. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle();
  }

  private kick(): void {
    if (this.running || this.stopped) return;
    this.running = this.drain()
      .catch((err: unknown) => this.deps.logger.error('pushing purchase orders from the Odoo webhook failed; the next push-orders run sends them', { error: err }))
      .finally(() => {
        this.running = undefined;
        if (this.names.size + this.ids.size > 0) this.kick();
      });
  }

  private async drain(): Promise<void> {
    const { store, holder, logger } = this.deps;
    const names = [...this.names];
    const ids = [...this.ids];
    this.names.clear();
    this.ids.clear();
    const requested = [...names, ...ids.map((id) => `#${id}`)].join(', ');
    try {
      store.locks.acquire([ORDERS_LEASE], holder, LEASE_MS);
    } catch (err) {
      if (!(err instanceof LockedError)) throw err;
      logger.info(`another run holds the orders lease; ${requested} left for the next push-orders run`);
      return;
    }
    const renew = setInterval(() => store.locks.renew([ORDERS_LEASE], holder.runId, LEASE_MS), LEASE_MS / 3);
    renew.unref();
    try {
      const waiting = await this.waitingNames(names, ids);
      if (waiting.length === 0) {
        logger.info(`${requested}: not waiting for a 1688 order (not confirmed, not a 1688 vendor, or already sent)`);
        return;
      }
      const result = await pushOrders(
        { odoo: this.deps.odoo, api: this.deps.orderApi, store, logger, config: this.deps.config, metrics: metricsOf(this.deps.stats) },
        { poNames: waiting, dryRun: false },
      );
      const sent = result.counts.submitted + result.counts.recovered;
      this.deps.stats.posPushed += sent;
      logger.info(`Odoo webhook: ${sent} of ${waiting.length} purchase order(s) sent to 1688`, { pos: result.orders.map((o) => `${o.po}: ${o.action}`) });
    } finally {
      clearInterval(renew);
      if (store.db.open) store.locks.release([ORDERS_LEASE], holder.runId);
    }
  }

  /** Only POs push-orders itself would pick (confirmed, 1688 vendor, no 1688 order): a webhook fired on the wrong state sends nothing. */
  private async waitingNames(names: readonly string[], ids: readonly number[]): Promise<string[]> {
    const pending = pendingDomain(this.deps.config.sync.ordersDomain);
    const found = new Set<string>();
    if (names.length > 0) {
      for (const r of await this.deps.odoo.searchReadAll(MODELS.purchaseOrder, [['name', 'in', names], ...pending], ['name'])) found.add(String(r.name));
    }
    if (ids.length > 0) {
      for (const r of await this.deps.odoo.searchReadAll(MODELS.purchaseOrder, [['id', 'in', ids], ...pending], ['name'])) found.add(String(r.name));
    }
    return [...found];
  }
}
