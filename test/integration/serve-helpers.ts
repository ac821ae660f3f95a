// Helpers for the serve suites: a context on the simulators' config, the server in-process, signed form posts.
import { request } from 'node:http';
import { signPushMessage } from '../../src/alibaba/sign.js';
import { serveDepsOf } from '../../src/cli/commands/serve.js';
import { AppContext } from '../../src/cli/context.js';
import { memoryIo } from '../../src/cli/io.js';
import { startServe, type ServeHandle, type ServeOptions } from '../../src/sync/webhooks.js';
import { confirmedPo, startWithCatalog, type SkuLink } from '../helpers/orders.js';
import type { Sims } from '../helpers/sims.js';

export const ODOO_SECRET = 'odoo-webhook-test-secret';
export const SERVE_YAML = 'serve:\n  odooWebhookSecret: ${ODOO_WEBHOOK_SECRET}\n';

/** A CLI context on the simulators' config, as the `serve` command builds one; its logs are kept in `io.err`. */
export function contextOf(sims: Sims, verbose = false): AppContext & { io: ReturnType<typeof memoryIo> } {
  const io = memoryIo(sims.env, sims.dir);
  return new AppContext({ config: sims.config, json: false, verbose, quiet: false, dryRun: false }, io) as AppContext & { io: typeof io };
}

/** The server in-process on a free port, fast knobs for tests; closed with the context. */
export async function serveOn(ctx: AppContext, options: ServeOptions = {}): Promise<ServeHandle> {
  const handle = await startServe(serveDepsOf(ctx), {
    host: '127.0.0.1',
    port: 0,
    missedIntervalMs: 0,
    drainMs: 2_000,
    ...options,
    worker: { backoffBaseMs: 5, backoffMaxMs: 20, lockRetryMs: 30, ...options.worker },
  });
  ctx.onClose(() => handle.close());
  return handle;
}

export interface Answer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** One request with node:http (exact control of headers and body). */
export function send(url: string, options: { method?: string; headers?: Record<string, string | number>; body?: string | Buffer } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Posts a push message as 1688 does; `signature` overrides the correct one (undefined: correct, null: none). */
export function postPush(base: string, message: unknown, appSecret: string, signature?: string | null): Promise<Answer> {
  const text = typeof message === 'string' ? message : JSON.stringify(message);
  const fields: Record<string, string> = { message: text };
  if (signature !== null) fields._aop_signature = signature ?? signPushMessage({ message: text }, appSecret);
  return send(`${base}/webhooks/1688`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
    body: new URLSearchParams(fields).toString(),
  });
}

let nextMsgId = 900_000_001;
export function pushMessage(type: string, data: Record<string, unknown>): { msgId: number; gmtBorn: number; type: string; userInfo: string; data: Record<string, unknown> } {
  return { msgId: nextMsgId++, gmtBorn: Date.now(), type, userInfo: 'b2b-2248544159', data };
}

/** Polls `check` until it is true (fails the test after `timeoutMs`). */
export async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The inbox row of a message, read directly (processed_at, attempts). */
export function inboxRow(ctx: AppContext, msgId: string | number): { processed_at: string | null; attempts: number; last_error: string | null } | undefined {
  return ctx.store().db.prepare('SELECT processed_at, attempts, last_error FROM inbox WHERE msg_id = ?').get(String(msgId)) as
    | { processed_at: string | null; attempts: number; last_error: string | null }
    | undefined;
}

/** Both simulators with a few offers imported into Odoo and the Odoo webhook secret configured. */
export async function startServeSims(dir: string, seed: number): Promise<{ sims: Sims; skus: SkuLink[] }> {
  return startWithCatalog(dir, { alibaba: { offers: 3, seed }, extra: SERVE_YAML, env: { ODOO_WEBHOOK_SECRET: ODOO_SECRET } });
}

/** A confirmed PO sent to 1688 by `push-orders`; returns the PO id and the 1688 order id. */
export async function pushedOrder(sims: Sims, skus: readonly SkuLink[]): Promise<{ poId: number; orderId: string }> {
  const poId = confirmedPo(sims, skus.slice(0, 1));
  const r = await sims.cli(['push-orders']);
  if (r.code !== 0) throw new Error(r.stdout + r.stderr);
  return { poId, orderId: poField(sims, poId, 'x_alibaba_order_id') as string };
}

export function poField(sims: Sims, poId: number, field: string): unknown {
  return sims.odoo.store.read('purchase.order', [poId], [field])[0]![field];
}
