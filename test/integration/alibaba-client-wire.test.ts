// The 1688 client against a scripted loopback gateway, for wire cases the simulator does not produce.
import path from 'node:path';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { listOrders } from '../../src/alibaba/api/orders.js';
import { listPushMessages } from '../../src/alibaba/api/push.js';
import { createAlibaba, type Alibaba } from '../../src/alibaba/index.js';
import { Redactor } from '../../src/config/redact.js';
import { AlibabaConfig } from '../../src/config/schema.js';
import { createHttp, ResponseTooLargeError, send } from '../../src/http/got.js';
import { silentLogger } from '../../src/log/logger.js';
import { Store } from '../../src/state/store.js';
import { tempDir } from '../helpers/temp.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let handler: Handler;
let server: Server;
let base: string;
let api: Alibaba;
let store: Store;
const seen: { path: string; at: number; userAgent: string | undefined }[] = [];

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(typeof body === 'string' ? body : JSON.stringify(body));
};

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', at: performance.now(), userAgent: req.headers['user-agent'] });
    req.resume();
    req.on('end', () => handler(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  store = new Store(path.join(tempDir('aos-wire-'), 'state.sqlite'));
  const tokens = store.tokens;
  tokens.save({ provider: '1688', accessToken: 'wire-token-1234', refreshToken: 'wire-refresh-1234', accessExpiresAt: new Date(Date.now() + 3_600_000), refreshExpiresAt: null, memberId: null, aliId: null, resourceOwner: null });
  const config = AlibabaConfig.parse({ appKey: '42', appSecret: 'wire-secret', gatewayUrl: base, rateLimit: 1_000, retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 100, budgetMs: 5_000 } });
  api = createAlibaba({ config, tokens, logger: silentLogger(), redactor: new Redactor() });
});
afterAll(async () => {
  store.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  seen.length = 0;
});

const ANY = { namespace: 'ns', name: 'api' };

describe('wire cases', () => {
  it('normalises the {success:false, errorCode, errorMsg} business shape', async () => {
    handler = (_req, res) => json(res, 200, { success: false, errorCode: 'PREVIEW_FAIL', errorMsg: '库存不足' });
    await expect(api.client.call(ANY, {}, z.unknown())).rejects.toMatchObject({ platformCode: 'PREVIEW_FAIL', message: expect.stringContaining('库存不足') as unknown });
  });

  it('honours Retry-After on flow control before retrying', async () => {
    let n = 0;
    handler = (_req, res) => (n++ === 0 ? json(res, 400, { error_code: 'gw.QosApiFrequencyLimit', error_message: 'slow down' }, { 'retry-after': '0.3' }) : json(res, 200, { ok: true }));
    await expect(api.client.call(ANY, {}, z.object({ ok: z.boolean() }))).resolves.toEqual({ ok: true });
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(280);
  });

  it('drops and counts a malformed order in a list page instead of failing the page', async () => {
    const good = { baseInfo: { id: 3012345678901234567n.toString(), status: 'waitbuyerpay' } };
    handler = (_req, res) => json(res, 200, { result: [good, { baseInfo: { status: 'x' } }, good], totalRecord: 3 });
    const before = api.client.stats.droppedItems;
    const page = await listOrders(api.client, {});
    expect([page.orders.length, page.dropped, api.client.stats.droppedItems - before]).toEqual([2, 1, 1]);
  });

  it('drops a malformed push message and keeps the others', async () => {
    handler = (_req, res) => json(res, 200, { pushMessagePage: { datas: [{ msgId: 1, type: 'T', data: {} }, { type: 'no id' }], totalCount: 2 } });
    expect(await listPushMessages(api.client)).toMatchObject({ dropped: 1, messages: [{ msgId: '1' }] });
  });

  it('does not follow a redirect from the gateway', async () => {
    handler = (_req, res) => res.writeHead(302, { location: `${base}/elsewhere` }).end();
    await expect(api.client.call(ANY, {}, z.unknown())).rejects.toMatchObject({ platformCode: 'http_302' });
    expect(seen.map((s) => s.path)).not.toContain('/elsewhere');
  });

  it('sends the alibaba-odoo-sync user agent', async () => {
    handler = (_req, res) => json(res, 200, {});
    await api.client.call(ANY, {}, z.unknown());
    expect(seen[0]!.userAgent).toMatch(/^alibaba-odoo-sync\/\d+\.\d+\.\d+$/);
  });

  it('aborts a response above the size limit', async () => {
    handler = (_req, res) => json(res, 200, 'x'.repeat(64 * 1024));
    const http = createHttp({ timeoutMs: 2_000, logger: silentLogger(), redactor: new Redactor(), remote: 'test' });
    await expect(send(http, { method: 'GET', url: base, responseType: 'text', maxResponseBytes: 1024 })).rejects.toBeInstanceOf(ResponseTooLargeError);
  });

  it('strips credentials when a followed download redirects to another host', async () => {
    let auth: string | undefined = 'unset';
    const other = createServer((req, res) => {
      auth = req.headers.authorization;
      res.end('img');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    handler = (_req, res) => res.writeHead(302, { location: `http://localhost:${(other.address() as AddressInfo).port}/img.png` }).end();
    const http = createHttp({ timeoutMs: 2_000, logger: silentLogger(), redactor: new Redactor(), remote: 'images', followRedirects: true });
    const r = await send<Buffer>(http, { method: 'GET', url: `${base}/start`, responseType: 'buffer', headers: { authorization: 'Bearer secret-value' } });
    other.close();
    expect([r.statusCode, auth]).toEqual([200, undefined]);
  });
});
