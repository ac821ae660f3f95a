// Simulated push messages: signed delivery, resends after a failure, and the pull/confirm APIs.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseJsonPreservingBigInts } from '../../src/alibaba/json.js';
import { FastCreateOrderResult, PushMessage, PushMessageListResponse, parsePushData } from '../../src/alibaba/schemas.js';
import { verifyPushSignature } from '../../src/alibaba/sign.js';
import { startAlibabaSimulator, type AlibabaSimulator } from '../../src/sandbox/alibaba/index.js';
import { callApi, createOrder } from './alibaba-sim-helpers.js';

interface Received {
  message: string;
  signature: string;
}

let sim: AlibabaSimulator;
let receiver: Server;
let received: Received[];
/** Status codes the receiver answers with, in turn; 204 once used up. */
let answers: number[];

beforeEach(async () => {
  received = [];
  answers = [];
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      received.push({ message: form.get('message') ?? '', signature: form.get('_aop_signature') ?? '' });
      res.writeHead(answers.shift() ?? 204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/push`;
  sim = await startAlibabaSimulator({ offers: 0, push: { url, topics: [], backoffMs: 5 } });
});
afterEach(async () => {
  await sim.close();
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

const CONFIRM = 'cn.alibaba.open';

describe('push sender', () => {
  it('delivers a message whose signature verifyPushSignature accepts', async () => {
    sim.sendPush('ORDER_BUYER_VIEW_ORDER_PAY', { orderId: '1', currentStatus: 'waitsellersend' });
    await sim.flushPush();
    const [first] = received;
    expect(verifyPushSignature({ message: first!.message }, first!.signature, sim.appSecret)).toBe(true);
  });

  it('sends order changes on configured topics with the big order id as a JSON number', async () => {
    sim.pushConfig.topics = ['ORDER_BUYER_VIEW_BUYER_MAKE'];
    const token = sim.issueToken().accessToken;
    const orderId = FastCreateOrderResult.parse((await createOrder(sim, token, 'PO-PUSH')).body).orderId!;
    await sim.flushPush();
    const message = PushMessage.parse(parseJsonPreservingBigInts(received[0]!.message));
    const data = parsePushData(message.type, message.data);
    expect([received[0]!.message.includes(`"orderId":${orderId}`), data.kind === 'order' && data.data.orderId]).toEqual([true, orderId]);
  });

  it('does not send topics that are not configured', async () => {
    const token = sim.issueToken().accessToken;
    await createOrder(sim, token, 'PO-QUIET');
    await sim.flushPush();
    expect(received).toHaveLength(0);
  });

  it('resends after a failed delivery until the receiver accepts', async () => {
    answers = [400, 500];
    sim.sendPush('ORDER_BUYER_VIEW_ORDER_SUCCESS', { orderId: '2', currentStatus: 'success' });
    await sim.flushPush();
    expect([received.length, new Set(received.map((r) => r.message)).size, sim.stats.push.delivered]).toEqual([3, 1, 1]);
  });

  it('numbers messages with increasing msgIds', () => {
    const a = sim.sendPush('T1', {});
    const b = sim.sendPush('T2', {});
    expect(BigInt(b.msgId) > BigInt(a.msgId)).toBe(true);
  });
});

describe('messageList and confirm', () => {
  it('serves a message that could not be delivered', async () => {
    answers = [400, 400, 400];
    const { msgId } = sim.sendPush('ORDER_BUYER_VIEW_ORDER_PAY', { orderId: '3', currentStatus: 'waitsellersend' });
    await sim.flushPush();
    const token = sim.issueToken().accessToken;
    const page = PushMessageListResponse.parse((await callApi(sim, CONFIRM, 'push.query.messageList', { page: '1', pageSize: '20' }, { token })).body);
    expect(page.pushMessagePage.datas.map((m) => m.msgId)).toEqual([msgId]);
  });

  it('stops serving a message once it is confirmed', async () => {
    sim.pushConfig.url = undefined;
    const { msgId } = sim.sendPush('ORDER_BUYER_VIEW_ORDER_PAY', { orderId: '4', currentStatus: 'waitsellersend' });
    const other = sim.sendPush('ORDER_BUYER_VIEW_ORDER_PAY', { orderId: '5', currentStatus: 'waitsellersend' });
    const token = sim.issueToken().accessToken;
    await callApi(sim, CONFIRM, 'push.message.confirm', { msgIdList: JSON.stringify([Number(msgId)]) }, { token });
    const page = PushMessageListResponse.parse((await callApi(sim, CONFIRM, 'push.query.messageList', { page: '1', pageSize: '20' }, { token })).body);
    expect([page.pushMessagePage.totalCount, page.pushMessagePage.datas[0]?.msgId]).toEqual([1, other.msgId]);
  });
});
