// The `serve` HTTP server: routes, health and metrics, the inbox worker, missed-message pulls, graceful close.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlibabaClient } from '../../alibaba/client.js';
import type { Config } from '../../config/schema.js';
import { ConfigError } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import type { OdooClient } from '../../odoo/client.js';
import { renderMetrics } from '../../observability/prometheus.js';
import type { LockHolder } from '../../state/locks.js';
import type { Store } from '../../state/store.js';
import type { OrderApi } from '../orders/submit.js';
import type { ShipmentApi } from '../shipments.js';
import { sendJson } from './http-util.js';
import { pullMissedMessages } from './missed.js';
import { ORDERS_LEASE, PoPusher } from './po-pusher.js';
import { receiveAlibabaPush, receiveOdooPurchaseOrder, type ReceiverDeps } from './receivers.js';
import type { SinkDeliveryOptions } from '../../observability/alerts/sinks.js';
import { newServeStats, type ServeStats } from './stats.js';
import { InboxWorker, SHIPMENTS_LEASE, type WorkerOptions } from './worker.js';

export interface ServeDeps {
  store: Store;
  odoo: OdooClient;
  alibaba: AlibabaClient;
  shipmentApi: ShipmentApi;
  orderApi: OrderApi;
  config: Readonly<Config>;
  logger: Logger;
  /** Identity of this process for the shipments and orders leases. */
  holder: LockHolder;
  delivery?: SinkDeliveryOptions | undefined;
}

export interface ServeOptions {
  host?: string;
  port?: number;
  /** Start with the worker paused (tests: messages are stored, not processed, until `resume()`). */
  paused?: boolean;
  /** Pull missed messages at startup and then every this many ms; 0 turns it off. */
  missedIntervalMs?: number;
  /** Slow clients: time to send the headers, and the whole request. */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Bound on the graceful close (in-flight requests, the current worker cycle, a push in progress). */
  drainMs?: number;
  worker?: WorkerOptions;
}

export interface ServeHandle {
  url: string;
  stats: ServeStats;
  /** Resumes a worker started paused. */
  resume(): void;
  /** Resolves when the worker and the background PO push have nothing left to do right now. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

type Route = Record<string, (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void>;

const withTimeout = (work: Promise<unknown>, ms: number): Promise<unknown> =>
  Promise.race([work, new Promise((resolve) => setTimeout(resolve, ms).unref())]);

export async function startServe(deps: ServeDeps, options: ServeOptions = {}): Promise<ServeHandle> {
  const { store, config, logger } = deps;
  const appSecret = config.alibaba.appSecret;
  if (!appSecret) throw new ConfigError(['alibaba.appSecret: required to verify 1688 push messages (or alibaba.appSecretFile)']);
  const stats = newServeStats();
  const worker = new InboxWorker({ ...deps, stats }, options.worker, options.paused ?? false);
  const pusher = new PoPusher({ ...deps, stats });
  const odooSecret = config.serve.odooWebhookSecret;
  if (odooSecret === undefined) logger.warn('serve.odooWebhookSecret is not set: /webhooks/odoo/purchase-order answers 404');
  const receiver: ReceiverDeps = { store, logger, stats, appSecret, odooSecret, onMessage: () => worker.wake(), pusher };

  const routes: Record<string, Route> = {
    '/webhooks/1688': { POST: (req, res) => receiveAlibabaPush(receiver, req, res) },
    '/webhooks/odoo/purchase-order': { POST: (req, res, url) => receiveOdooPurchaseOrder(receiver, req, res, url) },
    '/healthz': { GET: (_req, res) => health(store, res) },
    '/metrics': {
      GET: (_req, res) => {
        const text = renderMetrics(store);
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      },
    },
  };

  const headersTimeout = options.headersTimeoutMs ?? 10_000;
  const server = createServer(
    {
      headersTimeout,
      requestTimeout: Math.max(headersTimeout, options.requestTimeoutMs ?? 10_000),
      connectionsCheckingInterval: Math.min(1_000, headersTimeout),
      keepAliveTimeout: 5_000,
    },
    (req, res) => {
      const url = new URL(req.url ?? '/', 'http://serve.invalid');
      const route = routes[url.pathname];
      const handler = route?.[req.method ?? ''];
      if (!route) return sendJson(res, 404, { error: 'not found' });
      if (!handler) return sendJson(res, 405, { error: 'method not allowed' }, { allow: Object.keys(route).join(', ') });
      Promise.resolve(handler(req, res, url)).catch((err: unknown) => {
        logger.error('webhook request failed', { path: url.pathname, error: err });
        if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
        else res.destroy();
      });
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? config.serve.port, options.host ?? config.serve.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  // Rows stored before a restart are processed now; then missed messages are pulled in the background.
  worker.wake();
  let missedRun: Promise<void> | undefined;
  const pullMissed = (): void => {
    if (missedRun) return;
    missedRun = pullMissedMessages({ client: deps.alibaba, store, logger })
      .then((r) => {
        if (r.stored > 0) worker.wake();
      })
      .catch((err: unknown) => logger.warn('could not pull missed push messages; trying again at the next interval', { error: err }))
      .finally(() => (missedRun = undefined));
  };
  const missedEvery = options.missedIntervalMs ?? 10 * 60_000;
  const missedTimer = missedEvery > 0 ? setInterval(pullMissed, missedEvery) : undefined;
  missedTimer?.unref();
  if (missedEvery > 0) pullMissed();

  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    clearInterval(missedTimer);
    const drainMs = options.drainMs ?? 20_000;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const deadline = Date.now() + drainMs;
    await withTimeout(closed, drainMs);
    server.closeAllConnections();
    const left = (): number => Math.max(0, deadline - Date.now());
    await withTimeout(Promise.all([worker.stop(), pusher.stop(), missedRun]), left());
    if (store.db.open) store.locks.release([SHIPMENTS_LEASE, ORDERS_LEASE], deps.holder.runId);
    logger.info('serve stopped', { received: stats.received, processed: stats.processed, pending: store.db.open ? store.inbox.counts().pending : undefined });
  };

  return {
    url,
    stats,
    resume: () => worker.resume(),
    idle: async () => {
      await Promise.all([worker.idle(), pusher.idle()]);
      await worker.idle();
    },
    close: () => (closing ??= close()),
  };
}

function health(store: Store, res: ServerResponse): void {
  try {
    store.db.prepare('SELECT 1').get();
  } catch {
    return sendJson(res, 503, { ok: false, database: 'unreachable' });
  }
  const lastRuns = store.runs.latestPerCommand().map((r) => ({ command: r.command, outcome: r.outcome, startedAt: r.startedAt, finishedAt: r.finishedAt, exitCode: r.exitCode }));
  sendJson(res, 200, { ok: true, database: 'reachable', inboxPending: store.inbox.counts().pending, lastRuns });
}
