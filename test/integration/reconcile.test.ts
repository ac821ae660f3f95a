import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import type { Difference } from '../../src/mapping/reconcile.js';
import { Store } from '../../src/state/store.js';
import { chineseWarehouse, confirmedPo, skusBySupplier, type SkuLink } from '../helpers/orders.js';
import { startSims, type Sims } from '../helpers/sims.js';
import { tempDir } from '../helpers/temp.js';
import { ADDRESS, TRADE, callApi, createOrder } from './alibaba-sim-helpers.js';

interface Report {
  window: { from: string; to: string; label: string };
  summary: { compared: number; differences: number; error: number; warning: number; info: number; failOn: string; exitCode: number; text: string };
  differences: Difference[];
}

let sims: Sims;
let skus: SkuLink[];
const ALIGNED_CNY = 36; // confirmedPo prices lines at 5 USD; the simulator's CNY rate is 7.2

beforeAll(async () => {
  sims = await startSims(tempDir('aos-reconcile-'), { alibaba: { offers: 4, seed: 11 }, sync: '  orderLookupSettle: 0s' });
  sims.seedToken();
  const offers = sims.alibaba.listOffers().map((o) => o.productId);
  const r = await sims.cli(['pull-products', ...offers.flatMap((o) => ['--offer', o])]);
  if (r.code !== 0) throw new Error(r.stdout + r.stderr);
  chineseWarehouse(sims);
  skus = skusBySupplier(sims)[0]!.filter((s) => s.specId !== '');
  // 1688 prices equal to the POs' prices, so only seeded differences show.
  for (const offerId of new Set(skus.map((s) => s.offerId))) sims.alibaba.updateOffer(offerId, { price: ALIGNED_CNY });
});
afterAll(async () => sims.close());

const poName = (id: number): string => sims.odoo.store.read('purchase.order', [id], ['name'])[0]!.name as string;
const orderOf = (id: number): string => sims.odoo.store.read('purchase.order', [id], ['x_alibaba_order_id'])[0]!.x_alibaba_order_id as string;
const report = async (...args: string[]): Promise<{ code: number; report: Report }> => {
  const r = await sims.cli(['reconcile', '--json', ...args]);
  return { code: r.code, report: JSON.parse(r.stdout) as Report };
};
const push = async (...ids: number[]): Promise<void> => {
  const r = await sims.cli(['push-orders', '--po', ids.map(poName).join(',')]);
  if (r.code !== 0) throw new Error(r.stdout + r.stderr);
};
const ago = (ms: number): string => new Date(Date.now() - ms).toISOString().slice(0, 19).replace('T', ' ');

describe('reconcile on matching sides', () => {
  let clean = 0;

  it('reports 0 differences and exits 0 when every pushed PO matches its 1688 order', async () => {
    clean = confirmedPo(sims, skus.slice(0, 2));
    await push(clean);
    const r = await sims.cli(['reconcile']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('reconcile: 1 order compared, 0 differences (7 days)');
  });

  it('exits 0 on an info-only finding by default, and 6 with --fail-on info', async () => {
    const fresh = confirmedPo(sims, skus.slice(0, 1));
    const normal = await report();
    expect(normal.code).toBe(0);
    expect(normal.report.differences).toEqual([expect.objectContaining({ kind: 'only_odoo', severity: 'info', po: poName(fresh) })]);
    expect((await sims.cli(['reconcile', '--fail-on', 'info'])).code).toBe(6);
  });

  it('reads the order of a PO confirmed in a --since window by id when 1688 last changed it before the window', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // Odoo dates have whole seconds
    const since = new Date();
    sims.odoo.store.write('purchase.order', [clean], { date_approve: ago(0) });
    const { code, report: r } = await report('--since', since.toISOString());
    expect(r.summary.compared).toBe(1);
    expect(r.differences).toEqual([]);
    expect(code).toBe(0);
  });

  it('records the run so status shows it', async () => {
    await sims.cli(['reconcile', '--quiet']);
    const store = new Store(sims.state);
    const last = store.runs.latestPerCommand().find((r) => r.command === 'reconcile');
    store.close();
    expect(last?.exitCode).toBe(0);
  });
});

describe('reconcile with a difference of every kind', () => {
  const po: Record<string, number> = {};
  const orders: Record<string, string> = {};

  beforeAll(async () => {
    for (const key of ['cancelled1688', 'shipped', 'quantity', 'deleted', 'cancelledOdoo']) po[key] = confirmedPo(sims, skus.slice(0, 2));
    await push(...Object.values(po));
    for (const key of Object.keys(po)) orders[key] = orderOf(po[key]!);

    sims.alibaba.cancelOrder(orders.cancelled1688!);
    sims.alibaba.payOrder(orders.shipped!);
    sims.alibaba.shipOrder(orders.shipped!, { trackingNumber: 'SF1234567890', carrier: 'SF' });
    const [line] = sims.odoo.store.search('purchase.order.line', [['order_id', '=', po.quantity!]]);
    sims.odoo.store.write('purchase.order.line', [line!], { product_qty: 12 });
    sims.odoo.store.write('purchase.order', [po.deleted!], { state: 'cancel' });
    sims.odoo.store.unlink('purchase.order', [po.deleted!]);
    sims.odoo.store.write('purchase.order', [po.cancelledOdoo!], { state: 'cancel' });

    // The supplier raised the price after the PO was priced.
    sims.alibaba.updateOffer(skus[0]!.offerId, { price: ALIGNED_CNY + 4 });
    po.repriced = confirmedPo(sims, skus.slice(0, 1));
    await push(po.repriced);

    po.neverPushed = confirmedPo(sims, skus.slice(0, 1));
    sims.odoo.store.write('purchase.order', [po.neverPushed], { date_approve: ago(2 * 3_600_000) });
    po.bogusOrder = confirmedPo(sims, skus.slice(0, 1));
    sims.odoo.store.write('purchase.order', [po.bogusOrder], { x_alibaba_order_id: '3012345678999999999' });

    const token = sims.alibaba.issueToken().accessToken;
    const ours = await createOrder(sims.alibaba, token, 'aos-odoo-po9999', 2);
    orders.unknownPo = String((ours.body as { result: { orderId: string } }).result.orderId);
    const manual = await callApi(sims.alibaba, TRADE, 'alibaba.trade.fastCreateOrder', {
      flow: 'general',
      addressParam: ADDRESS,
      cargoParamList: JSON.stringify([{ offerId: 554456348334, specId: 'b266e0726506185beaf205cbae88530d', quantity: 2 }]),
    }, { token });
    orders.manual = String((manual.body as { result: { orderId: string } }).result.orderId);
  });

  const find = (r: Report, kind: string, match: Partial<Difference>): Difference | undefined =>
    r.differences.find((d) => d.kind === kind && Object.entries(match).every(([k, v]) => d[k as keyof Difference] === v));

  it('flags a 1688 order cancelled while its PO is confirmed as an error: cancel the PO or re-order', async () => {
    const { report: r } = await report();
    expect(find(r, 'status', { orderId: orders.cancelled1688 })).toMatchObject({ severity: 'error', po: poName(po.cancelled1688!), fix: expect.stringContaining('cancel the PO or re-order') as string });
  });

  it('flags a PO cancelled in Odoo while 1688 waits for payment as an error: cancel on 1688', async () => {
    const { report: r } = await report();
    expect(find(r, 'status', { orderId: orders.cancelledOdoo })).toMatchObject({ severity: 'error', fix: expect.stringContaining('cancel on 1688') as string });
  });

  it('warns about a stale 1688 status and missing tracking of a shipped order, suggesting pull-shipments', async () => {
    const { report: r } = await report();
    const fix = `run pull-shipments --order ${orders.shipped}`;
    expect(find(r, 'status', { orderId: orders.shipped })).toMatchObject({ severity: 'warning', fix });
    expect(find(r, 'tracking', { orderId: orders.shipped })).toMatchObject({ severity: 'warning', fix, detail: expect.stringContaining('SF1234567890') as string });
  });

  it('clears the tracking and status warnings once pull-shipments has run', async () => {
    expect((await sims.cli(['pull-shipments', '--order', orders.shipped!])).code).toBe(0);
    const { report: r } = await report();
    expect(r.differences.filter((d) => d.orderId === orders.shipped)).toEqual([]);
  });

  it('warns when a PO line quantity changed after the order was placed', async () => {
    const { report: r } = await report();
    const d = find(r, 'quantity', { po: poName(po.quantity!) });
    expect(d).toMatchObject({ severity: 'warning', detail: expect.stringContaining('10 on 1688, 12 on the PO') as string });
    expect(find(r, 'amount', { po: poName(po.quantity!) })).toBeUndefined();
  });

  it('warns when the 1688 goods total differs from the PO beyond the tolerance', async () => {
    const { report: r } = await report();
    expect(find(r, 'amount', { po: poName(po.repriced!) })).toMatchObject({ severity: 'warning', detail: expect.stringContaining('¥400.00') as string });
  });

  it('flags a confirmed PO never sent to 1688 as an error suggesting push-orders', async () => {
    const { report: r } = await report();
    const name = poName(po.neverPushed!);
    expect(find(r, 'only_odoo', { po: name })).toMatchObject({ severity: 'error', fix: `run push-orders --po ${name}` });
  });

  it('flags a PO naming a 1688 order that 1688 does not know', async () => {
    const { report: r } = await report();
    expect(find(r, 'only_odoo', { po: poName(po.bogusOrder!) })).toMatchObject({ severity: 'error', orderId: '3012345678999999999' });
  });

  it('flags 1688 orders with no PO: one whose PO was deleted, one with our prefix for an unknown PO, one placed by hand', async () => {
    const { report: r } = await report();
    for (const id of [orders.deleted, orders.unknownPo, orders.manual]) expect(find(r, 'only_1688', { orderId: id })).toMatchObject({ severity: 'error', po: null });
  });

  it('leaves the matching PO out of the differences and exits 6', async () => {
    const { code, report: r } = await report();
    expect(code).toBe(6);
    expect(r.summary.exitCode).toBe(6);
    expect(r.summary.error).toBe(r.differences.filter((d) => d.severity === 'error').length);
    expect(r.summary.text).toMatch(/^reconcile: \d+ orders compared, \d+ errors, \d+ warnings?, \d+ info \(7 days\)$/);
  });

  it('prints an RFC 4180 CSV with a header row on stdout and the summary on stderr', async () => {
    const r = await sims.cli(['reconcile', '--csv']);
    expect(r.code).toBe(6);
    const lines = r.stdout.split('\r\n');
    expect(lines[0]).toBe('severity,kind,po,order_id,difference,fix');
    expect(lines.at(-1)).toBe('');
    expect(r.stdout).toContain(`"the 1688 order is closed but the purchase order is still confirmed (1688: cancel, PO: purchase)"`);
    expect(r.stderr).toMatch(/reconcile: \d+ orders compared/);
  });

  it('prints a table coloured by nothing off a terminal, and keeps the summary with --quiet', async () => {
    const table = await sims.cli(['reconcile']);
    expect(table.stdout).toContain('suggested fix');
    expect(table.stdout).not.toContain('\u001b[');
    const quiet = await sims.cli(['reconcile', '--quiet']);
    expect(quiet.stdout.trim()).toMatch(/^reconcile: \d+ orders compared, .* \(7 days\)$/);
  });

  it('colours errors red and warnings yellow on a terminal', async () => {
    const io = memoryIo(sims.env, sims.dir);
    io.stdoutIsTTY = true;
    await main(['node', 'alibaba-odoo-sync', '--config', sims.config, 'reconcile'], io);
    const out = io.out.join('');
    expect(out).toContain(`\u001b[31m${poName(po.neverPushed!)}\u001b[39m`);
    expect(out).toContain(`\u001b[33m${poName(po.repriced!)}\u001b[39m`);
  });

  it('exits 6 with --fail-on warning as well', async () => {
    expect((await sims.cli(['reconcile', '--fail-on', 'warning'])).code).toBe(6);
  });

  it('wrote nothing to either side', async () => {
    const before = { orders: JSON.stringify(sims.alibaba.listOrders()), pos: JSON.stringify(sims.odoo.store.searchRead('purchase.order', [], ['state', 'x_alibaba_order_id', 'x_alibaba_status', 'write_date'])) };
    await sims.cli(['reconcile']);
    expect(JSON.stringify(sims.alibaba.listOrders())).toBe(before.orders);
    expect(JSON.stringify(sims.odoo.store.searchRead('purchase.order', [], ['state', 'x_alibaba_order_id', 'x_alibaba_status', 'write_date']))).toBe(before.pos);
  });
});
