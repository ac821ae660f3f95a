import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmedPo, type SkuLink } from '../helpers/orders.js';
import type { Sims } from '../helpers/sims.js';
import { tempDir } from '../helpers/temp.js';
import { contextOf, ODOO_SECRET, poField, serveOn, startServeSims } from './serve-helpers.js';

let sims: Sims;
let skus: SkuLink[];

beforeAll(async () => {
  ({ sims, skus } = await startServeSims(tempDir('aos-serve-odoo-'), 34));
});
afterAll(async () => sims.close());

describe('serve: Odoo purchase-order webhook', () => {
  const post = (url: string, headers: Record<string, string>, body: unknown): Promise<Response> =>
    fetch(`${url}/webhooks/odoo/purchase-order`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const order1688 = (poId: number): unknown => poField(sims, poId, 'x_alibaba_order_id');

  it('sends the purchase order to 1688 at once when the secret is right', async () => {
    const poId = confirmedPo(sims, skus.slice(0, 1));
    const name = sims.odoo.store.read('purchase.order', [poId], ['name'])[0]!.name as string;
    const ctx = contextOf(sims);
    const server = await serveOn(ctx);
    const answer = await post(server.url, { 'x-webhook-secret': ODOO_SECRET }, { _id: poId, _model: 'purchase.order', name });
    expect(answer.status).toBe(202);
    await server.idle();
    expect(order1688(poId)).toMatch(/^\d+$/);
    expect(sims.alibaba.listOrders().filter((o) => o.outOrderId === `aos-odoo-po${poId}`)).toHaveLength(1);
    await ctx.close();
  });

  it('accepts the secret as a bearer token or a query parameter, and the PO by _id alone', async () => {
    const poId = confirmedPo(sims, skus.slice(0, 1));
    const ctx = contextOf(sims);
    const server = await serveOn(ctx);
    expect((await post(server.url, { authorization: `Bearer ${ODOO_SECRET}` }, { _id: 999_999 })).status).toBe(202);
    const byQuery = await fetch(`${server.url}/webhooks/odoo/purchase-order?secret=${ODOO_SECRET}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ _id: poId }) });
    expect(byQuery.status).toBe(202);
    await server.idle();
    expect(order1688(poId)).toMatch(/^\d+$/);
    await ctx.close();
  });

  it('refuses a wrong secret with 401 and sends nothing', async () => {
    const poId = confirmedPo(sims, skus.slice(0, 1));
    const ctx = contextOf(sims);
    const server = await serveOn(ctx);
    expect((await post(server.url, { 'x-webhook-secret': 'guess' }, { _id: poId })).status).toBe(401);
    await server.idle();
    expect(order1688(poId)).toBe(false);
    expect(sims.alibaba.listOrders().some((o) => o.outOrderId === `aos-odoo-po${poId}`)).toBe(false);
    expect(server.stats.posQueued).toBe(0);
    await ctx.close();
  });

  it('leaves the purchase order to the next push-orders run when another run holds the orders lease', async () => {
    const poId = confirmedPo(sims, skus.slice(0, 1));
    const ctx = contextOf(sims);
    const server = await serveOn(ctx);
    ctx.store().locks.acquire(['orders'], { pid: process.pid, host: hostname(), runId: 'cron-push-orders' }, 60_000);
    expect((await post(server.url, { 'x-webhook-secret': ODOO_SECRET }, { _id: poId })).status).toBe(202);
    await server.idle();
    expect(order1688(poId)).toBe(false);
    expect(ctx.io.err.join('')).toContain('left for the next push-orders run');
    ctx.store().locks.release(['orders'], 'cron-push-orders');
    await ctx.close();
  });
});
