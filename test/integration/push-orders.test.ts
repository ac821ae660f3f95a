import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/state/store.js';
import { confirmedPo, skusBySupplier, startWithCatalog, type SkuLink } from '../helpers/orders.js';
import type { Sims } from '../helpers/sims.js';
import { tempDir } from '../helpers/temp.js';

let sims: Sims;
let skus: SkuLink[];

beforeAll(async () => {
  ({ sims, skus } = await startWithCatalog(tempDir('aos-push-'), { alibaba: { offers: 4, seed: 11 } }));
});
afterAll(async () => sims.close());

const ordersFor = (outOrderId: string): number => sims.alibaba.listOrders().filter((o) => o.outOrderId === outOrderId).length;
const po = (id: number): Record<string, unknown> => sims.odoo.store.read('purchase.order', [id], ['name', 'x_alibaba_order_id', 'x_alibaba_status', 'partner_ref'])[0]!;

describe('push-orders', () => {
  it('submits a confirmed PO once and writes the 1688 order id, status and a chatter note back', async () => {
    const id = confirmedPo(sims, skus.slice(0, 2));
    const r = await sims.cli(['push-orders', '--json']);
    expect(r.code).toBe(0);
    const orders = sims.alibaba.listOrders();
    expect(orders).toHaveLength(1);
    const written = po(id);
    expect(written.x_alibaba_order_id).toBe(orders[0]!.orderId);
    expect(written.partner_ref).toBe(orders[0]!.orderId);
    expect(written.x_alibaba_status).toBe('waitbuyerpay');
    const notes = sims.odoo.store.searchRead('mail.message', [['res_id', '=', id], ['model', '=', 'purchase.order']], ['body']);
    expect(notes.map((n) => n.body as string).join('\n')).toContain(`Submitted to 1688 as order ${orders[0]!.orderId}`);
    expect(orders[0]!.outOrderId).toBe(`aos-odoo-po${id}`);
  });

  it('sends nothing more on a rerun', async () => {
    const before = sims.alibaba.listOrders().length;
    const r = await sims.cli(['push-orders']);
    expect(r.code).toBe(0);
    expect(sims.alibaba.listOrders()).toHaveLength(before);
  });

  it('records the order when 1688 created it but the answer was lost, without a second order', async () => {
    const id = confirmedPo(sims, skus.slice(0, 1));
    sims.alibaba.faults.dropAfterCreateRate = 1;
    const r = await sims.cli(['push-orders', '--json']);
    sims.alibaba.faults.dropAfterCreateRate = 0;
    expect(r.code).toBe(0);
    expect(ordersFor(`aos-odoo-po${id}`)).toBe(1);
    expect(po(id).x_alibaba_order_id).toBeTruthy();
  });

  it('leaves an order pending after 5xx answers and submits it exactly once on the next run', async () => {
    const id = confirmedPo(sims, skus.slice(0, 1));
    sims.alibaba.faults.serverErrorRate = 1;
    const first = await sims.cli(['push-orders', '--json']);
    sims.alibaba.faults.serverErrorRate = 0;
    expect(first.code).toBe(0);
    expect((JSON.parse(first.stdout) as { counts: { pending: number } }).counts.pending).toBe(1);
    expect(ordersFor(`aos-odoo-po${id}`)).toBe(0);
    const second = await sims.cli(['push-orders']);
    expect(second.code).toBe(0);
    expect(ordersFor(`aos-odoo-po${id}`)).toBe(1);
    expect(po(id).x_alibaba_order_id).toBeTruthy();
  });

  it('dead-letters a PO whose lines come from two suppliers, tells the buyer in the chatter, and exits 5', async () => {
    const other = skusBySupplier(sims)[1]!;
    const partnerSkus = [skus[0]!, { ...other[0]!, supplierId: skus[0]!.supplierId }];
    const id = confirmedPo(sims, partnerSkus);
    const r = await sims.cli(['push-orders']);
    expect(r.code).toBe(5);
    expect(r.stdout).toMatch(/2 1688 suppliers/);
    expect(ordersFor(`aos-odoo-po${id}`)).toBe(0);
    const notes = sims.odoo.store.searchRead('mail.message', [['res_id', '=', id], ['model', '=', 'purchase.order']], ['body']);
    expect(notes.map((n) => n.body as string).join('\n')).toContain('cannot be sent to 1688');
    const store = new Store(sims.state);
    expect(store.deadLetters.list({ kind: 'po' }).map((d) => d.key)).toContain(String(id));
    store.close();
    const again = await sims.cli(['push-orders']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Left out, in the dead letters');
  });

  it('prints the payload on --dry-run and sends nothing', async () => {
    const id = confirmedPo(sims, skus.slice(0, 1), 3);
    const before = sims.alibaba.listOrders().length;
    const r = await sims.cli(['push-orders', '--dry-run', '--po', String(po(id).name)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"outOrderId"');
    expect(r.stdout).toContain('"provinceText": "广东省"');
    expect(r.stdout).not.toContain(sims.alibaba.appSecret);
    expect(sims.alibaba.listOrders()).toHaveLength(before);
  });
});
