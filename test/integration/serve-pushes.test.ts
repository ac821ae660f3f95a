import { hostname } from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signPushMessage } from '../../src/alibaba/sign.js';
import { silentLogger } from '../../src/log/logger.js';
import { pullMissedMessages } from '../../src/sync/webhooks.js';
import type { SkuLink } from '../helpers/orders.js';
import type { Sims } from '../helpers/sims.js';
import { tempDir } from '../helpers/temp.js';
import { contextOf, inboxRow, poField, postPush, pushedOrder as pushedOrderOf, pushMessage, serveOn, startServeSims, until } from './serve-helpers.js';

let sims: Sims;
let skus: SkuLink[];

beforeAll(async () => {
  ({ sims, skus } = await startServeSims(tempDir('aos-serve-'), 33));
});
afterAll(async () => sims.close());
afterEach(async () => {
  await sims.alibaba.flushPush();
  sims.alibaba.pushConfig.url = undefined;
  sims.alibaba.pushConfig.topics = 'all';
});

const pushedOrder = (): ReturnType<typeof pushedOrderOf> => pushedOrderOf(sims, skus);
const status = (poId: number): unknown => poField(sims, poId, 'x_alibaba_status');
const tracking = (poId: number): unknown => {
  const [id] = sims.odoo.store.search('stock.picking', [['purchase_id', '=', poId]]);
  return sims.odoo.store.read('stock.picking', [id!], ['carrier_tracking_ref'])[0]!.carrier_tracking_ref;
};
const payData = (orderId: string, currentStatus: string): Record<string, unknown> => ({ orderId, currentStatus, msgSendTime: '2025-06-01 10:00:00' });

describe('serve: 1688 push messages', () => {
  it('stores a correctly signed push once and answers 204', async () => {
    const ctx = contextOf(sims);
    const server = await serveOn(ctx, { paused: true });
    const message = pushMessage('ORDER_BUYER_VIEW_ORDER_PAY', payData('3012345678900007919', 'waitsellersend'));
    expect((await postPush(server.url, message, sims.alibaba.appSecret)).status).toBe(204);
    expect(inboxRow(ctx, message.msgId)?.processed_at).toBeNull();
    await ctx.close();
  });

  it('accepts the signature in lower-case hex', async () => {
    const ctx = contextOf(sims);
    const server = await serveOn(ctx, { paused: true });
    const message = pushMessage('SOME_NEW_TOPIC', {});
    const lower = signPushMessage({ message: JSON.stringify(message) }, sims.alibaba.appSecret).toLowerCase();
    expect((await postPush(server.url, message, sims.alibaba.appSecret, lower)).status).toBe(204);
    await ctx.close();
  });

  it('refuses a wrong signature with 401 and stores nothing', async () => {
    const ctx = contextOf(sims);
    const server = await serveOn(ctx, { paused: true });
    const message = pushMessage('SOME_NEW_TOPIC', {});
    const wrong = signPushMessage({ message: JSON.stringify(message) }, 'not-the-secret');
    expect((await postPush(server.url, message, sims.alibaba.appSecret, wrong)).status).toBe(401);
    expect(inboxRow(ctx, message.msgId)).toBeUndefined();
    await ctx.close();
  });

  it('refuses a push without a signature with 401', async () => {
    const ctx = contextOf(sims);
    const server = await serveOn(ctx, { paused: true });
    const message = pushMessage('SOME_NEW_TOPIC', {});
    expect((await postPush(server.url, message, sims.alibaba.appSecret, null)).status).toBe(401);
    expect(inboxRow(ctx, message.msgId)).toBeUndefined();
    await ctx.close();
  });

  it('answers 204 to a replayed msgId and keeps one inbox row', async () => {
    const ctx = contextOf(sims);
    const server = await serveOn(ctx, { paused: true });
    const message = pushMessage('SOME_NEW_TOPIC', {});
    await postPush(server.url, message, sims.alibaba.appSecret);
    expect((await postPush(server.url, { ...message, data: { changed: true } }, sims.alibaba.appSecret)).status).toBe(204);
    const rows = ctx.store().db.prepare('SELECT COUNT(*) AS n FROM inbox WHERE msg_id = ?').get(String(message.msgId)) as { n: number };
    expect(rows.n).toBe(1);
    expect(server.stats.replays).toBe(1);
    await ctx.close();
  });

  it('ends shipped with tracking on the picking when the ship message arrives before a stale pay message', async () => {
    const { poId, orderId } = await pushedOrder();
    const ctx = contextOf(sims);
    const server = await serveOn(ctx);
    sims.alibaba.pushConfig.topics = [];
    sims.alibaba.payOrder(orderId);
    sims.alibaba.shipOrder(orderId, { trackingNumber: 'SF900100', carrier: 'SF' });
    sims.alibaba.pushConfig.url = `${server.url}/webhooks/1688`;
    sims.alibaba.sendPush('ORDER_BUYER_VIEW_ANNOUNCE_SENDGOODS', { orderId });
    await sims.alibaba.flushPush();
    await server.idle();
    sims.alibaba.sendPush('ORDER_BUYER_VIEW_ORDER_PAY', payData(orderId, 'waitsellersend'));
    await sims.alibaba.flushPush();
    await server.idle();
    expect(status(poId)).toBe('waitbuyerreceive');
    expect(tracking(poId)).toBe('SF900100');
    expect(ctx.store().inbox.counts().pending).toBe(0);
    expect(server.stats.webhookLatencyMs.length).toBeGreaterThanOrEqual(2);
    await ctx.close();
  });

  it('re-reads the orders a logistics message names', async () => {
    const { poId, orderId } = await pushedOrder();
    const ctx = contextOf(sims);
    const server = await serveOn(ctx);
    sims.alibaba.pushConfig.topics = [];
    sims.alibaba.payOrder(orderId);
    sims.alibaba.shipOrder(orderId, { trackingNumber: 'YT777', carrier: 'YTO' });
    sims.alibaba.pushConfig.url = `${server.url}/webhooks/1688`;
    sims.alibaba.sendPush('LOGISTICS_BUYER_VIEW_TRACE', { orderId });
    await sims.alibaba.flushPush();
    await server.idle();
    expect(tracking(poId)).toBe('YT777');
    await ctx.close();
  });

  it('processes messages stored before a restart when the server starts again', async () => {
    const { poId, orderId } = await pushedOrder();
    const first = contextOf(sims);
    const paused = await serveOn(first, { paused: true });
    sims.alibaba.pushConfig.url = `${paused.url}/webhooks/1688`;
    sims.alibaba.payOrder(orderId);
    await sims.alibaba.flushPush();
    expect(paused.stats.received).toBeGreaterThanOrEqual(1);
    await first.close();
    expect(status(poId)).toBe('waitbuyerpay');
    const second = contextOf(sims);
    const server = await serveOn(second);
    await server.idle();
    expect(status(poId)).toBe('waitsellersend');
    expect(second.store().inbox.counts().pending).toBe(0);
    await second.close();
  });

  it('waits while a pull-shipments run holds the shipments lease, then processes the message', async () => {
    const { poId, orderId } = await pushedOrder();
    const ctx = contextOf(sims);
    const server = await serveOn(ctx);
    const cron = { pid: process.pid, host: hostname(), runId: 'cron-pull-shipments' };
    ctx.store().locks.acquire(['shipments'], cron, 60_000);
    sims.alibaba.pushConfig.url = `${server.url}/webhooks/1688`;
    sims.alibaba.payOrder(orderId);
    await sims.alibaba.flushPush();
    await new Promise((r) => setTimeout(r, 100));
    expect(status(poId)).toBe('waitbuyerpay');
    ctx.store().locks.release(['shipments'], cron.runId);
    await until(() => status(poId) === 'waitsellersend');
    await ctx.close();
  });

  it('retries a failing message with backoff and dead-letters it as kind "message" after the last attempt', async () => {
    const ctx = contextOf(sims);
    const server = await serveOn(ctx, { worker: { maxAttempts: 3 } });
    const message = pushMessage('ORDER_BUYER_VIEW_ORDER_PAY', payData('3012345678999999999', 'waitsellersend'));
    expect((await postPush(server.url, message, sims.alibaba.appSecret)).status).toBe(204);
    await until(() => ctx.store().deadLetters.list({ kind: 'message' }).some((d) => d.key === String(message.msgId)));
    expect(inboxRow(ctx, message.msgId)).toMatchObject({ attempts: 3, processed_at: expect.any(String) as unknown });
    await ctx.close();
  });

  it('turns a product message into an offer job', async () => {
    const ctx = contextOf(sims);
    const server = await serveOn(ctx);
    const message = pushMessage('PRODUCT_RELATION_VIEW_PRODUCT_CHANGE', { productIds: '777000111', msgSendTime: '2025-06-01 10:00:00' });
    await postPush(server.url, message, sims.alibaba.appSecret);
    await server.idle();
    expect(ctx.store().jobs.byKey('offer', '777000111')).toBeDefined();
    expect(inboxRow(ctx, message.msgId)?.processed_at).not.toBeNull();
    await ctx.close();
  });

  it('marks a message of an unknown topic processed', async () => {
    const ctx = contextOf(sims);
    const server = await serveOn(ctx);
    const message = pushMessage('SOME_NEW_TOPIC', { anything: 1 });
    await postPush(server.url, message, sims.alibaba.appSecret);
    await server.idle();
    expect(inboxRow(ctx, message.msgId)?.processed_at).not.toBeNull();
    await ctx.close();
  });
});

describe('serve: missed messages', () => {
  it('stores undelivered messages and confirms them once stored', async () => {
    const { orderId } = await pushedOrder();
    const { msgId } = sims.alibaba.sendPush('ORDER_BUYER_VIEW_ORDER_PAY', payData(orderId, 'waitsellersend'));
    const ctx = contextOf(sims);
    const result = await pullMissedMessages({ client: ctx.alibaba().client, store: ctx.store(), logger: silentLogger() });
    expect(result.stored).toBeGreaterThanOrEqual(1);
    expect(inboxRow(ctx, msgId)).toBeDefined();
    expect(sims.alibaba.pushMessages().find((m) => String(m.msgId) === msgId)?.confirmed).toBe(true);
    expect((await pullMissedMessages({ client: ctx.alibaba().client, store: ctx.store(), logger: silentLogger() })).listed).toBe(0);
    await ctx.close();
  });

  it('pulls missed messages at startup and processes them', async () => {
    const { poId, orderId } = await pushedOrder();
    sims.alibaba.pushConfig.topics = [];
    sims.alibaba.payOrder(orderId);
    sims.alibaba.sendPush('ORDER_BUYER_VIEW_ORDER_PAY', { orderId });
    const ctx = contextOf(sims);
    await serveOn(ctx, { missedIntervalMs: 60_000 });
    await until(() => status(poId) === 'waitsellersend');
    await ctx.close();
  });
});
