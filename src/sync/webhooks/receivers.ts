// The two webhook endpoints: 1688 push messages (signed form posts) and the Odoo purchase-order automation.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseJsonPreservingBigInts } from '../../alibaba/json.js';
import { PushMessage } from '../../alibaba/schemas.js';
import { verifyPushSignature } from '../../alibaba/sign.js';
import type { Logger } from '../../log/logger.js';
import type { Store } from '../../state/store.js';
import { mediaType, readBody, refuseTooLarge, secretsEqual, sendEmpty, sendJson } from './http-util.js';
import type { PoPusher, PoRef } from './po-pusher.js';
import { countRefused, type ServeStats } from './stats.js';

export interface ReceiverDeps {
  store: Store;
  logger: Logger;
  stats: ServeStats;
  appSecret: string;
  odooSecret: string | undefined;
  /** Called after a new message is stored. */
  onMessage: () => void;
  pusher: PoPusher;
}

function refuse(deps: ReceiverDeps, res: ServerResponse, status: number, error: string): void {
  countRefused(deps.stats, status);
  deps.logger.debug('webhook refused', { status, error });
  sendJson(res, status, { error });
}

/** POST /webhooks/1688: verify, store, answer 204 at once; the worker does the rest. */
export async function receiveAlibabaPush(deps: ReceiverDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (mediaType(req) !== 'application/x-www-form-urlencoded') return refuse(deps, res, 415, 'expected application/x-www-form-urlencoded');
  const body = await readBody(req);
  if (!body) {
    countRefused(deps.stats, 413);
    return refuseTooLarge(res);
  }
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(body.toString('utf8'))) {
    // A repeated field would make the signed text ambiguous.
    if (key in params) return refuse(deps, res, 400, `field ${key} sent twice`);
    params[key] = value;
  }
  const text = params.message;
  if (text === undefined) return refuse(deps, res, 400, 'no message field');
  const signature = params._aop_signature;
  if (!signature || !verifyPushSignature(params, signature, deps.appSecret)) return refuse(deps, res, 401, 'bad or missing _aop_signature');
  let raw: unknown;
  try {
    raw = parseJsonPreservingBigInts(text);
  } catch {
    return refuse(deps, res, 400, 'message is not JSON');
  }
  const parsed = PushMessage.safeParse(raw);
  if (!parsed.success) return refuse(deps, res, 400, 'message is not a push message (msgId, type, data)');
  const message = parsed.data;
  let stored: boolean;
  try {
    stored = deps.store.inbox.add(message.msgId, message.type, message);
  } catch (err) {
    // 400 tells 1688 "not processed, resend later".
    deps.logger.error('could not store a push message; 1688 will resend it', { msgId: message.msgId, error: err });
    return refuse(deps, res, 400, 'not stored, resend later');
  }
  if (stored) deps.stats.received += 1;
  else deps.stats.replays += 1;
  sendEmpty(res, 204);
  if (stored) {
    deps.logger.debug('push message stored', { msgId: message.msgId, type: message.type });
    deps.onMessage();
  } else deps.logger.debug('push message replayed; ignored', { msgId: message.msgId, type: message.type });
}

/** The shared secret of the Odoo webhook, from X-Webhook-Secret, `Authorization: Bearer`, or `?secret=`. */
function presentedSecret(req: IncomingMessage, url: URL): string | undefined {
  const header = req.headers['x-webhook-secret'];
  if (typeof header === 'string' && header !== '') return header;
  const auth = req.headers.authorization;
  const bearer = auth ? /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim() : undefined;
  if (bearer) return bearer;
  return url.searchParams.get('secret') ?? undefined;
}

function poRefOf(body: unknown): PoRef | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'expected a JSON object';
  const record = body as Record<string, unknown>;
  if (record._model !== undefined && record._model !== 'purchase.order') return `_model ${JSON.stringify(record._model)}: expected purchase.order`;
  if (typeof record.name === 'string' && record.name.trim() !== '') return { name: record.name.trim() };
  if (typeof record._id === 'number' && Number.isInteger(record._id) && record._id > 0) return { id: record._id };
  return 'expected the purchase order reference (name) or _id';
}

/** POST /webhooks/odoo/purchase-order: authenticate, queue the PO for a background push, answer 202. */
export async function receiveOdooPurchaseOrder(deps: ReceiverDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  if (deps.odooSecret === undefined) return refuse(deps, res, 404, 'not found');
  const secret = presentedSecret(req, url);
  if (secret === undefined || !secretsEqual(secret, deps.odooSecret)) return refuse(deps, res, 401, 'bad or missing webhook secret');
  if (mediaType(req) !== 'application/json') return refuse(deps, res, 415, 'expected application/json');
  const body = await readBody(req);
  if (!body) {
    countRefused(deps.stats, 413);
    return refuseTooLarge(res);
  }
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return refuse(deps, res, 400, 'body is not JSON');
  }
  const ref = poRefOf(json);
  if (typeof ref === 'string') return refuse(deps, res, 400, ref);
  sendJson(res, 202, { queued: 'name' in ref ? ref.name : ref.id });
  deps.logger.info('Odoo webhook: purchase order queued for 1688', { po: 'name' in ref ? ref.name : ref.id });
  deps.pusher.enqueue(ref);
}
