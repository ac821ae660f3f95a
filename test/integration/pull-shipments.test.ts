import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logistics, orders, createAlibaba } from '../../src/alibaba/index.js';
import { loadConfig } from '../../src/config/load.js';
import { Redactor } from '../../src/config/redact.js';
import { silentLogger } from '../../src/log/logger.js';
import { OdooClient } from '../../src/odoo/client.js';
import { Store } from '../../src/state/store.js';
import { pullShipments, type ShipmentApi } from '../../src/sync/shipments.js';
import { confirmedPo, startWithCatalog, type SkuLink } from '../helpers/orders.js';
import type { Sims } from '../helpers/sims.js';
import { tempDir } from '../helpers/temp.js';

let sims: Sims;
let skus: SkuLink[];

beforeAll(async () => {
  ({ sims, skus } = await startWithCatalog(tempDir('aos-ship-'), { alibaba: { offers: 3, seed: 21 }, sync: '  carrierMap:\n    顺丰速运: Standard delivery' }));
});
afterAll(async () => sims.close());

/** A PO pushed to 1688; returns the PO id and the 1688 order id. */
async function pushedOrder(lines = 1): Promise<{ poId: number; orderId: string }> {
  const poId = confirmedPo(sims, skus.slice(0, lines));
  const r = await sims.cli(['push-orders']);
  if (r.code !== 0) throw new Error(r.stdout + r.stderr);
  const [po] = sims.odoo.store.read('purchase.order', [poId], ['x_alibaba_order_id']);
  return { poId, orderId: po!.x_alibaba_order_id as string };
}

const picking = (poId: number): Record<string, unknown> => {
  const [id] = sims.odoo.store.search('stock.picking', [['purchase_id', '=', poId]]);
  return sims.odoo.store.read('stock.picking', [id!], ['carrier_tracking_ref', 'carrier_id', 'note'])[0]!;
};
const chatter = (poId: number): string =>
  sims.odoo.store.searchRead('mail.message', [['res_id', '=', poId], ['model', '=', 'purchase.order']], ['body']).map((m) => m.body as string).join('\n');
const status = (poId: number): unknown => sims.odoo.store.read('purchase.order', [poId], ['x_alibaba_status'])[0]!.x_alibaba_status;

describe('pull-shipments', () => {
  it('brings status and tracking onto the PO and its picking, with the mapped carrier', async () => {
    const { poId, orderId } = await pushedOrder();
    sims.alibaba.payOrder(orderId);
    sims.alibaba.shipOrder(orderId, { trackingNumber: 'SF1234567890', carrier: 'SF' });
    const r = await sims.cli(['pull-shipments', '--json']);
    expect(r.code).toBe(0);
    expect(status(poId)).toBe('waitbuyerreceive');
    expect(picking(poId).carrier_tracking_ref).toBe('SF1234567890');
    expect(picking(poId).carrier_id).toEqual([1, 'Standard delivery']);
    expect(chatter(poId)).toContain(`1688 order ${orderId}: shipped by the supplier`);
  });

  it('writes nothing when run again with no change on 1688', async () => {
    sims.odoo.resetStats();
    const r = await sims.cli(['pull-shipments', '--json']);
    expect(r.code).toBe(0);
    expect(sims.odoo.stats.writes.total).toBe(0);
  });

  it('treats "not shipped yet" as no error and records the paid status', async () => {
    const { poId, orderId } = await pushedOrder();
    sims.alibaba.payOrder(orderId);
    const r = await sims.cli(['pull-shipments', '--order', orderId]);
    expect(r.code).toBe(0);
    expect(status(poId)).toBe('waitsellersend');
    expect(picking(poId).carrier_tracking_ref).toBe(false);
  });

  it('records every package of a shipment split in several, and an unmapped carrier in a note', async () => {
    const { poId, orderId } = await pushedOrder(2);
    sims.alibaba.payOrder(orderId);
    sims.alibaba.shipOrder(orderId, { packages: [{ trackingNumber: 'ZT100', carrier: 'ZTO' }, { trackingNumber: 'ZT200', carrier: 'ZTO' }] });
    const r = await sims.cli(['pull-shipments', '--order', orderId]);
    expect(r.code).toBe(0);
    expect(picking(poId).carrier_tracking_ref).toBe('ZT100, ZT200');
    expect(String(picking(poId).note)).toContain('中通快递: ZT100');
  });

  it('updates the tracking when a partial shipment is followed by the rest', async () => {
    const { poId, orderId } = await pushedOrder(2);
    sims.alibaba.payOrder(orderId);
    sims.alibaba.shipOrder(orderId, { partial: true, trackingNumber: 'YT1', carrier: 'YTO' });
    await sims.cli(['pull-shipments', '--order', orderId]);
    expect(picking(poId).carrier_tracking_ref).toBe('YT1');
    sims.alibaba.shipOrder(orderId, { trackingNumber: 'YT2', carrier: 'YTO' });
    await sims.cli(['pull-shipments', '--order', orderId]);
    expect(picking(poId).carrier_tracking_ref).toBe('YT1, YT2');
  });

  it('tells the buyer in the chatter when the supplier cancels', async () => {
    const { poId, orderId } = await pushedOrder();
    sims.alibaba.cancelOrder(orderId, '卖家缺货');
    const r = await sims.cli(['pull-shipments']);
    expect(r.code).toBe(0);
    expect(status(poId)).toBe('cancel');
    expect(chatter(poId)).toMatch(/was cancelled on 1688/);
  });

  it('reads every page of modified orders and moves the cursor past them', async () => {
    const made = [];
    for (let i = 0; i < 4; i += 1) made.push(await pushedOrder());
    for (const m of made) sims.alibaba.payOrder(m.orderId);
    const { config } = loadConfig(sims.config, sims.env);
    const store = new Store(sims.state);
    const alibaba = createAlibaba({ config: config.alibaba, tokens: store.tokens, logger: silentLogger(), redactor: new Redactor() });
    const odoo = new OdooClient({ config: config.odoo, logger: silentLogger() });
    let pages = 0;
    const api: ShipmentApi = {
      async *modified(from, to) {
        for await (const page of orders.iterateOrders(alibaba.client, { modifyStartTime: from, modifyEndTime: to, pageSize: 2 })) {
          pages += 1;
          yield page.orders.map((o) => ({ orderId: o.baseInfo.id, status: o.baseInfo.status, outOrderId: o.baseInfo.outOrderId, modifyTime: o.baseInfo.modifyTime, closeReason: o.baseInfo.closeReason }));
        }
      },
      order: () => Promise.reject(new Error('not used')),
      logistics: async (id) => {
        const l = await logistics.getLogistics(alibaba.client, id);
        return l.shipped ? l.packages.map((p) => ({ billNo: p.logisticsBillNo, company: p.logisticsCompanyName, status: p.status })) : [];
      },
    };
    const before = store.cursors.get('orders.modified');
    const metrics = { count: () => undefined, phase: <T>(_n: string, fn: () => Promise<T>) => fn() };
    const result = await pullShipments({ odoo, api, store, logger: silentLogger(), config, metrics }, { orderIds: [], dryRun: false });
    expect(pages).toBeGreaterThanOrEqual(2);
    for (const m of made) expect(status(m.poId)).toBe('waitsellersend');
    expect(result.counts.updated).toBeGreaterThanOrEqual(4);
    expect(store.cursors.get('orders.modified')! > (before ?? '')).toBe(true);
    store.close();
    odoo.close();
  });
});
