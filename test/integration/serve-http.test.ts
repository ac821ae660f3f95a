import { connect } from 'node:net';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPushMessage } from '../../src/alibaba/sign.js';
import type { AppContext } from '../../src/cli/context.js';
import type { ServeHandle } from '../../src/sync/webhooks.js';
import { startSims, type Sims } from '../helpers/sims.js';
import { tempDir } from '../helpers/temp.js';
import { contextOf, postPush, pushMessage, send, serveOn } from './serve-helpers.js';

let sims: Sims;
let ctx: AppContext & { io: { err: string[] } };
let server: ServeHandle;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

beforeAll(async () => {
  sims = await startSims(tempDir('aos-serve-http-'), { alibaba: { offers: 1 } });
  ctx = contextOf(sims);
  server = await serveOn(ctx, { paused: true, headersTimeoutMs: 300, requestTimeoutMs: 300 });
});
afterAll(async () => {
  await ctx.close();
  await sims.close();
});

const signedBody = (text: string): string => new URLSearchParams({ message: text, _aop_signature: signPushMessage({ message: text }, sims.alibaba.appSecret) }).toString();

describe('serve: HTTP', () => {
  it('refuses a body over 1 MB with 413 and keeps serving', async () => {
    const big = `message=${'a'.repeat(1024 * 1024 + 1)}`;
    expect((await send(`${server.url}/webhooks/1688`, { method: 'POST', headers: FORM, body: big })).status).toBe(413);
    expect((await postPush(server.url, pushMessage('SOME_NEW_TOPIC', {}), sims.alibaba.appSecret)).status).toBe(204);
  });

  it('stops reading a chunked body once it passes 1 MB', async () => {
    const chunk = Buffer.alloc(700 * 1024, 97);
    const answer = await new Promise<number>((resolve, reject) => {
      const req = connect(Number(new URL(server.url).port), '127.0.0.1');
      req.on('error', reject);
      req.write('POST /webhooks/1688 HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n');
      req.write(`${chunk.length.toString(16)}\r\n`);
      req.write(chunk);
      req.write(`\r\n${chunk.length.toString(16)}\r\n`);
      req.write(chunk);
      req.write('\r\n');
      req.once('data', (d: Buffer) => {
        resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(d.toString())?.[1]));
        req.destroy();
      });
    });
    expect(answer).toBe(413);
  });

  it('answers 400 when the message is not JSON', async () => {
    expect((await send(`${server.url}/webhooks/1688`, { method: 'POST', headers: FORM, body: signedBody('{not json') })).status).toBe(400);
  });

  it('answers 400 when the message field is missing', async () => {
    expect((await send(`${server.url}/webhooks/1688`, { method: 'POST', headers: FORM, body: 'other=1&_aop_signature=AB' })).status).toBe(400);
  });

  it('answers 400 when the message is JSON but not a push message', async () => {
    expect((await send(`${server.url}/webhooks/1688`, { method: 'POST', headers: FORM, body: signedBody('{"type":"X"}') })).status).toBe(400);
  });

  it('answers 415 to a body that is not form-encoded', async () => {
    const answer = await send(`${server.url}/webhooks/1688`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(answer.status).toBe(415);
  });

  it('keeps serving others while a client sends its headers slowly, and cuts the slow one off', async () => {
    const slow = connect(Number(new URL(server.url).port), '127.0.0.1');
    await once(slow, 'connect');
    slow.write('POST /webhooks/1688 HTTP/1.1\r\nHost: x\r\n');
    const received: Buffer[] = [];
    let slowClosed = false;
    slow.on('data', (d: Buffer) => received.push(d));
    const closed = once(slow, 'close').then(() => (slowClosed = true));
    expect((await send(`${server.url}/healthz`)).status).toBe(200);
    // Answered while the slow client still holds its connection, not after it was cut off.
    expect(slowClosed).toBe(false);
    await closed;
    expect(Buffer.concat(received).toString()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('answers 404 to an unknown path and 405 to a wrong method', async () => {
    expect((await send(`${server.url}/nope`)).status).toBe(404);
    const wrong = await send(`${server.url}/webhooks/1688`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('POST');
  });

  it('answers 404 on the Odoo endpoint when no secret is configured, and warned at startup', async () => {
    const answer = await send(`${server.url}/webhooks/odoo/purchase-order`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"P00001"}' });
    expect(answer.status).toBe(404);
    expect(ctx.io.err.join('')).toContain('serve.odooWebhookSecret is not set');
  });

  it('reports health with the pending inbox and the last runs', async () => {
    const answer = await send(`${server.url}/healthz`);
    expect(answer.status).toBe(200);
    const body = JSON.parse(answer.body) as { ok: boolean; database: string; inboxPending: number; lastRuns: unknown[] };
    expect(body).toMatchObject({ ok: true, database: 'reachable' });
    expect(body.inboxPending).toBe(ctx.store().inbox.counts().pending);
    expect(Array.isArray(body.lastRuns)).toBe(true);
  });

  it('serves Prometheus metrics as text/plain version 0.0.4', async () => {
    const answer = await send(`${server.url}/metrics`);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(answer.body).toContain('# TYPE alibaba_odoo_sync_');
  });

  it('answers 503 on /healthz when the state database is not reachable', async () => {
    const other = contextOf(sims);
    const handle = await serveOn(other, { paused: true });
    other.store().close();
    expect((await send(`${handle.url}/healthz`)).status).toBe(503);
    await other.close();
  });
});
