import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/state/store.js';
import { startSims, type Sims } from '../helpers/sims.js';
import { tempDir } from '../helpers/temp.js';

let sims: Sims;
let offerIds: string[];

beforeAll(async () => {
  sims = await startSims(tempDir('aos-pull-'), { alibaba: { offers: 6, seed: 7 } });
  offerIds = sims.alibaba.listOffers().map((o) => o.productId);
  sims.seedToken();
});
afterAll(async () => sims.close());

const templates = (): Record<string, unknown>[] => sims.odoo.store.searchRead('product.template', [['x_alibaba_offer_id', '!=', false]], ['name', 'x_alibaba_offer_id', 'product_variant_count', 'image_1920', 'standard_price']);

describe('pull-products', () => {
  it('imports every tracked offer with its variants, vendor prices and image', async () => {
    const r = await sims.cli(['pull-products', '--json', ...offerIds.flatMap((id) => ['--offer', id])]);
    expect(r.stderr).not.toContain('"level":"error"');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as { counts: Record<string, number> };
    expect(result.counts.created).toBe(offerIds.length);
    const created = templates();
    expect(created).toHaveLength(offerIds.length);
    const catalog = new Map(sims.alibaba.listOffers().map((o) => [o.productId, o]));
    for (const t of created) {
      const offer = catalog.get(String(t.x_alibaba_offer_id))!;
      expect(t.name).toBe(offer.subject.trim());
      expect(t.product_variant_count).toBe(Math.max(1, offer.skus));
      expect(typeof t.image_1920).toBe('string');
    }
    const sellers = sims.odoo.store.searchRead('product.supplierinfo', [], ['partner_id', 'currency_id', 'price', 'min_qty']);
    expect(sellers.length).toBeGreaterThanOrEqual(offerIds.length);
    expect(sellers.every((s) => Array.isArray(s.currency_id) && (s.currency_id as [number, string])[1] === 'CNY')).toBe(true);
  });

  it('writes nothing on an unchanged rerun but the supplier stock’s read time, in one call', async () => {
    sims.odoo.resetStats();
    const r = await sims.cli(['pull-products', '--json', ...offerIds.flatMap((id) => ['--offer', id])]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { counts: Record<string, number> }).counts.unchanged).toBe(offerIds.length);
    expect(sims.odoo.stats.writes.total).toBe(1);
    expect(sims.odoo.stats.byMethod['product.product.write']).toBe(1);
    // login, CNY rate, fields_get, open purchase-order lines, the read-time write
    expect(sims.odoo.stats.roundTrips).toBeLessThanOrEqual(6);
  });

  it('updates an offer whose price changed on 1688, and only that one', async () => {
    const id = offerIds[0]!;
    sims.alibaba.updateOffer(id, { price: 99.5 });
    const r = await sims.cli(['pull-products', '--json', ...offerIds.flatMap((o) => ['--offer', o])]);
    const result = JSON.parse(r.stdout) as { counts: Record<string, number> };
    expect(result.counts.updated).toBe(1);
    expect(result.counts.unchanged).toBe(offerIds.length - 1);
    const prices = sims.odoo.store.searchRead('product.supplierinfo', [['product_tmpl_id.x_alibaba_offer_id', '=', id]], ['price']);
    expect(prices.map((p) => p.price)).toContain(99.5);
  });

  it('dead-letters an offer the platform refuses, imports the rest and exits 5', async () => {
    const [bad] = sims.alibaba.seedCatalog({ count: 2 });
    const fresh = sims.alibaba.listOffers().map((o) => o.productId).filter((id) => !offerIds.includes(id));
    sims.alibaba.setOfferPermitted(bad ?? fresh[0]!, false);
    const r = await sims.cli(['pull-products', ...fresh.flatMap((o) => ['--offer', o])]);
    expect(r.code).toBe(5);
    expect(r.stdout).toMatch(/dead-lettered/);
    const store = new Store(sims.state);
    expect(store.deadLetters.list({ kind: 'offer' }).map((d) => d.key)).toEqual([bad ?? fresh[0]]);
    store.close();
  });

  it('links products that were entered by hand beforehand instead of duplicating them', async () => {
    const id = offerIds[2]!;
    const before = templates().length;
    const [tmpl] = sims.odoo.store.search('product.template', [['x_alibaba_offer_id', '=', id]]);
    sims.odoo.store.write('product.template', [tmpl!], { x_alibaba_offer_id: false });
    const store = new Store(sims.state);
    store.links.remove('offer', id);
    store.close();
    const r = await sims.cli(['pull-products', '--json', '--offer', id]);
    expect((JSON.parse(r.stdout) as { counts: Record<string, number> }).counts.linked).toBe(1);
    expect(templates()).toHaveLength(before);
    expect(sims.odoo.store.search('product.template', [['x_alibaba_offer_id', '=', id]])).toEqual([tmpl]);
  });

  it('stops with exit 2 and says how to fix it when CNY is not active in Odoo', async () => {
    sims.odoo.store.write('res.currency', [6], { active: false });
    const r = await sims.cli(['pull-products', '--offer', offerIds[0]!, '--full']);
    sims.odoo.store.write('res.currency', [6], { active: true });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('currency CNY is not active in Odoo');
    expect(r.stderr).toContain('doctor --fix');
  });

  it('writes nothing on --dry-run and lists what it would do', async () => {
    sims.odoo.resetStats();
    sims.alibaba.updateOffer(offerIds[1]!, { subject: '新名字 T恤' });
    const r = await sims.cli(['pull-products', '--dry-run', ...offerIds.flatMap((o) => ['--offer', o])]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Dry run: nothing was written');
    expect(r.stdout).toMatch(/update/);
    expect(sims.odoo.stats.writes.total).toBe(0);
  });
});
