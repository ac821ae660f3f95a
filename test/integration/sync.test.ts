import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChild } from '../helpers/cli.js';
import { chineseWarehouse, confirmedPo, skusBySupplier } from '../helpers/orders.js';
import { startSims, type Sims } from '../helpers/sims.js';
import { tempDir } from '../helpers/temp.js';

let sims: Sims;

beforeAll(async () => {
  sims = await startSims(tempDir('aos-sync-'), { alibaba: { offers: 3, seed: 31 }, sync: '  orderLookupSettle: 0s' });
  sims.seedToken();
  chineseWarehouse(sims);
});
afterAll(async () => sims.close());

interface SyncJson {
  parts: { part: string; result: string; summary: string }[];
  exitCode: number;
}

describe('sync', () => {
  it('runs every part on its first run, re-reading the offers already linked', async () => {
    const offers = sims.alibaba.listOffers().map((o) => o.productId);
    const pulled = await sims.cli(['pull-products', ...offers.flatMap((o) => ['--offer', o])]);
    expect(pulled.code).toBe(0);
    const r = await sims.cli(['sync', '--json']);
    expect(r.code).toBe(0);
    const parts = (JSON.parse(r.stdout) as SyncJson).parts;
    expect(parts.map((p) => p.result)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(parts[0]!.summary).toBe(`${offers.length} offers: 0 created, 0 updated, ${offers.length} unchanged, 0 failed`);
  });

  it('skips parts that are not due and runs them when asked', async () => {
    const r = await sims.cli(['sync', '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as SyncJson).parts.map((p) => p.result)).toEqual(['skipped', 'skipped', 'skipped', 'ok']);
    const only = await sims.cli(['sync', '--json', '--only', 'orders']);
    expect((JSON.parse(only.stdout) as SyncJson).parts.map((p) => p.result)).toEqual(['skipped', 'ok', 'skipped']);
  });

  it('exits with the worst outcome of its parts and still runs the others', async () => {
    const skus = skusBySupplier(sims)[0]!;
    const partnerSkus = [skus[0]!, { ...skusBySupplier(sims)[1]![0]!, supplierId: skus[0]!.supplierId }];
    confirmedPo(sims, partnerSkus);
    const r = await sims.cli(['sync', '--json', '--force']);
    expect(r.code).toBe(5);
    expect((JSON.parse(r.stdout) as SyncJson).parts.map((p) => p.part)).toEqual(['products', 'orders', 'shipments', 'messages']);
  });

  it('pulls the messages 1688 could not deliver, confirms them and works off the inbox', async () => {
    const skus = skusBySupplier(sims)[0]!;
    const id = confirmedPo(sims, skus.slice(-1), 1);
    await sims.cli(['push-orders']);
    const [po] = sims.odoo.store.read('purchase.order', [id], ['x_alibaba_order_id']);
    const orderId = po!.x_alibaba_order_id as string;
    sims.alibaba.pushConfig.url = 'http://127.0.0.1:9/unreachable';
    sims.alibaba.payOrder(orderId);
    sims.alibaba.shipOrder(orderId, { trackingNumber: 'YT777', carrier: 'YTO' });
    await sims.alibaba.flushPush();
    const r = await sims.cli(['sync', '--json', '--only', 'shipments']);
    expect(r.code).toBe(0);
    const messages = (JSON.parse(r.stdout) as SyncJson).parts.find((p) => p.part === 'messages')!;
    expect(messages.summary).toMatch(/^[1-9]\d* missed messages pulled/);
    const [picking] = sims.odoo.store.searchRead('stock.picking', [['purchase_id', '=', id]], ['carrier_tracking_ref']);
    expect(picking!.carrier_tracking_ref).toBe('YT777');
    const again = await sims.cli(['sync', '--json', '--only', 'shipments']);
    expect((JSON.parse(again.stdout) as SyncJson).parts.find((p) => p.part === 'messages')!.summary).toMatch(/^0 missed messages pulled/);
  });

  it('lets one of several overlapping runs work while the others exit 7, and orders nothing twice', async () => {
    const skus = skusBySupplier(sims)[0]!;
    const ids = [confirmedPo(sims, skus.slice(-1), 1), confirmedPo(sims, skus.slice(-1), 1)];
    sims.odoo.cost.latencyMs = 40;
    const runs = await Promise.all(
      Array.from({ length: 3 }, () => runChild(['--config', sims.config, 'sync', '--only', 'orders,shipments', '--quiet'], { cwd: sims.dir, env: sims.env })),
    );
    sims.odoo.cost.latencyMs = 0;
    const codes = runs.map((r) => r.code).sort();
    expect(codes).toEqual([0, 7, 7]);
    expect(runs.filter((r) => r.code === 7).every((r) => r.stderr.includes('another run holds the'))).toBe(true);
    for (const id of ids) expect(sims.alibaba.listOrders().filter((o) => o.outOrderId === `aos-odoo-po${id}`)).toHaveLength(1);
  });
});
