import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/state/store.js';
import { chineseWarehouse, confirmedPo, skusBySupplier, type SkuLink } from '../helpers/orders.js';
import { startSims, type Sims } from '../helpers/sims.js';
import { tempDir } from '../helpers/temp.js';

let sims: Sims;
let skus: SkuLink[];
let other: SkuLink[];

beforeAll(async () => {
  sims = await startSims(tempDir('aos-dlq-replay-'), { alibaba: { offers: 4, seed: 11 }, sync: '  orderLookupSettle: 0s' });
  sims.seedToken();
  const offers = sims.alibaba.listOffers().map((o) => o.productId);
  const r = await sims.cli(['pull-products', ...offers.flatMap((o) => ['--offer', o])]);
  if (r.code !== 0) throw new Error(r.stdout + r.stderr);
  chineseWarehouse(sims);
  [skus, other] = skusBySupplier(sims) as [SkuLink[], SkuLink[]];
});
afterAll(async () => sims.close());

const letterOf = (kind: string, key: string): number => {
  const store = new Store(sims.state);
  const letter = store.deadLetters.list({ kind }).find((d) => d.key === key);
  store.close();
  if (!letter) throw new Error(`no active dead letter for ${kind} ${key}`);
  return letter.id;
};
const templateOf = (offerId: string): number[] => sims.odoo.store.search('product.template', [['x_alibaba_offer_id', '=', offerId]]);
const ordersFor = (poId: number): number => sims.alibaba.listOrders().filter((o) => o.outOrderId === `aos-odoo-po${poId}`).length;

/** A confirmed PO with a line from a second supplier: push-orders dead-letters it. */
async function deadLetteredPo(): Promise<number> {
  const id = confirmedPo(sims, [skus[0]!, { ...other[0]!, supplierId: skus[0]!.supplierId }]);
  const r = await sims.cli(['push-orders']);
  if (r.code !== 5) throw new Error(`expected exit 5: ${r.stdout}${r.stderr}`);
  return id;
}

/** Fixes that PO in Odoo: the foreign line now orders a product of the PO's own supplier. */
function fixPo(poId: number): void {
  const lines = sims.odoo.store.searchRead('purchase.order.line', [['order_id', '=', poId]], ['product_id']);
  const foreign = lines.find((l) => Array.isArray(l.product_id) && l.product_id[0] === other[0]!.variantId)!;
  sims.odoo.store.write('purchase.order.line', [foreign.id as number], { product_id: skus[1]!.variantId });
}

/** Imports new offers with one refused by the platform: pull-products dead-letters it. */
async function deadLetteredOffer(): Promise<string> {
  const [bad] = sims.alibaba.seedCatalog({ count: 1 });
  sims.alibaba.setOfferPermitted(bad!, false);
  const r = await sims.cli(['pull-products', '--offer', bad!]);
  if (r.code !== 5) throw new Error(`expected exit 5: ${r.stdout}${r.stderr}`);
  return bad!;
}

describe('dlq retry against the simulators', () => {
  it('replays a refused offer with --now once it is permitted again: exit 0 and the product exists in Odoo', async () => {
    const offerId = await deadLetteredOffer();
    sims.alibaba.setOfferPermitted(offerId, true);
    expect(templateOf(offerId)).toHaveLength(0);
    const r = await sims.cli(['dlq', 'retry', String(letterOf('offer', offerId)), '--now']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Replayed offers');
    expect(templateOf(offerId)).toHaveLength(1);
    const store = new Store(sims.state);
    expect(store.jobs.byKey('offer', offerId)).toBeUndefined();
    expect(store.runs.latestPerCommand().find((run) => run.command === 'dlq-retry')).toMatchObject({ outcome: 'ok' });
    store.close();
  });

  it('lets the next plain pull-products pick up a requeued offer', async () => {
    const offerId = await deadLetteredOffer();
    sims.alibaba.setOfferPermitted(offerId, true);
    const before = await sims.cli(['pull-products']);
    expect(before.code).toBe(0);
    expect(templateOf(offerId)).toHaveLength(0);
    expect((await sims.cli(['dlq', 'retry', '--kind', 'offer'])).code).toBe(0);
    const after = await sims.cli(['pull-products']);
    expect(after.code).toBe(0);
    expect(templateOf(offerId)).toHaveLength(1);
  });

  it('dead-letters the offer again and exits 5 when the replay fails again, reporting it in JSON', async () => {
    const offerId = await deadLetteredOffer();
    const first = letterOf('offer', offerId);
    const r = await sims.cli(['dlq', 'retry', String(first), '--now', '--json']);
    expect(r.code).toBe(5);
    const out = JSON.parse(r.stdout) as { requeued: { id: number }[]; replayed: { offers: { offerId: string; action: string }[] } };
    expect(out.requeued.map((l) => l.id)).toEqual([first]);
    expect(out.replayed.offers).toMatchObject([{ offerId, action: 'failed' }]);
    expect(letterOf('offer', offerId)).not.toBe(first);
  });

  it('replays a fixed purchase order with --now as exactly one 1688 order', async () => {
    const poId = await deadLetteredPo();
    fixPo(poId);
    const r = await sims.cli(['dlq', 'retry', String(letterOf('po', String(poId))), '--now']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('submitted');
    expect(ordersFor(poId)).toBe(1);
    expect(sims.odoo.store.read('purchase.order', [poId], ['x_alibaba_order_id'])[0]!.x_alibaba_order_id).toBeTruthy();
  });

  it('lets the next plain push-orders submit a requeued purchase order instead of leaving it out', async () => {
    const poId = await deadLetteredPo();
    fixPo(poId);
    const left = await sims.cli(['push-orders']);
    expect(left.stdout).toContain('Left out, in the dead letters');
    expect(ordersFor(poId)).toBe(0);
    expect((await sims.cli(['dlq', 'retry', String(letterOf('po', String(poId)))])).code).toBe(0);
    const r = await sims.cli(['push-orders']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('Left out');
    expect(ordersFor(poId)).toBe(1);
  });
});
