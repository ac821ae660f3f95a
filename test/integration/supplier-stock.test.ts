// Supplier stock: from product detail and push messages onto two variant fields only; on-hand stock untouched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/state/store.js';
import { skuLinks, supplierPartner, type SkuLink } from '../helpers/orders.js';
import { startSims, type Sims } from '../helpers/sims.js';
import { withState as withStateFile } from '../helpers/state.js';
import { tempDir } from '../helpers/temp.js';
import { contextOf, inboxRow, postPush, pushMessage, serveOn, until } from './serve-helpers.js';

let sims: Sims;
let offers: string[];
let skus: SkuLink[];

// No rule can fire here: this suite is about where the stock goes, the rules have their own.
const QUIET = '  stock:\n    openOrders: false\n    minimum: 0\n    dropPercent: 0\n    freshFor: 1h\n';

beforeAll(async () => {
  sims = await startSims(tempDir('aos-stock-'), { alibaba: { offers: 4, seed: 21 }, sync: QUIET });
  sims.seedToken();
  offers = sims.alibaba.listOffers().map((o) => o.productId);
  const r = await sims.cli(['pull-products', ...offers.flatMap((o) => ['--offer', o])]);
  if (r.code !== 0) throw new Error(r.stdout + r.stderr);
  skus = skuLinks(sims).filter((s) => s.specId !== '');
});
afterAll(async () => sims.close());

const variant = (id: number): Record<string, unknown> =>
  sims.odoo.store.read('product.product', [id], ['x_alibaba_supplier_stock', 'x_alibaba_stock_read_at', 'qty_available', 'write_date', 'default_code', 'x_alibaba_sku_id'])[0]!;
const productInfoCalls = (): number => sims.alibaba.stats.callsByApi['com.alibaba.product:alibaba.cross.productInfo'] ?? 0;
const writesBy = (): string[] => Object.keys(sims.odoo.stats.byMethod).filter((k) => /\.(write|create|unlink)$/.test(k));
const withState = <T>(fn: (store: Store) => T): T => withStateFile(sims.state, fn);

describe('supplier stock from product detail', () => {
  it('keeps every variant’s 1688 stock and its read time on the variant', () => {
    for (const offer of sims.alibaba.listOffers()) {
      const ids = skuLinks(sims).filter((s) => s.offerId === offer.productId).map((s) => s.variantId);
      const total = ids.reduce((sum, id) => sum + Number(variant(id).x_alibaba_supplier_stock), 0);
      expect(total).toBe(offer.stock);
      for (const id of ids) expect(variant(id).x_alibaba_stock_read_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    }
  });

  it('sets the stock of a newly imported offer in the same write as its variants, with no call of its own', async () => {
    const [fresh] = sims.alibaba.seedCatalog({ count: 1 });
    sims.odoo.resetStats();
    const r = await sims.cli(['pull-products', '--offer', fresh!]);
    expect(r.code).toBe(0);
    expect(sims.odoo.stats.byMethod['product.product.write']).toBeUndefined();
    const ids = skuLinks(sims).filter((s) => s.offerId === fresh).map((s) => s.variantId);
    const total = ids.reduce((sum, id) => sum + Number(variant(id).x_alibaba_supplier_stock), 0);
    expect(total).toBe(sims.alibaba.listOffers().find((o) => o.productId === fresh)!.stock);
    offers.push(fresh!);
  });

  it('writes only the two stock fields of the variant when only the stock changed', async () => {
    const sku = skus[0]!;
    sims.alibaba.updateOffer(sku.offerId, { skuStock: { [sku.specId]: 3 } });
    sims.odoo.resetStats();
    const r = await sims.cli(['pull-products', '--json', ...offers.flatMap((o) => ['--offer', o])]);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as { counts: Record<string, number>; stock: { changed: number; significant: unknown[] } };
    expect(result.counts.unchanged).toBe(offers.length);
    expect(result.stock.changed).toBe(1);
    expect(writesBy()).toEqual(['product.product.write']);
    expect(variant(sku.variantId).x_alibaba_supplier_stock).toBe(3);
  });

  it('leaves on-hand quantities alone', async () => {
    const sku = skus[1]!;
    const poId = sims.odoo.seedPurchaseOrder({ partnerId: supplierPartner(sims, sku.supplierId), lines: [{ productId: sku.variantId, qty: 7, price: 5 }] });
    const [picking] = sims.odoo.confirmPurchaseOrder(poId);
    sims.odoo.store.call('stock.picking', 'button_validate', [picking!]);
    expect(variant(sku.variantId).qty_available).toBe(7);
    sims.alibaba.updateOffer(sku.offerId, { skuStock: { [sku.specId]: 9_999 } });
    const r = await sims.cli(['pull-products', '--stock-only', '--offer', sku.offerId]);
    expect(r.code).toBe(0);
    expect(variant(sku.variantId).x_alibaba_supplier_stock).toBe(9_999);
    expect(variant(sku.variantId).qty_available).toBe(7);
  });
});

describe('pull-products --stock-only', () => {
  it('reads each imported offer once and writes nothing but the stock fields', async () => {
    const before = productInfoCalls();
    sims.odoo.resetStats();
    const r = await sims.cli(['pull-products', '--stock-only', '--json', ...offers.flatMap((o) => ['--offer', o])]);
    expect(r.code).toBe(0);
    expect(productInfoCalls() - before).toBe(offers.length);
    expect(writesBy()).toEqual(['product.product.write']);
    expect(Object.keys(sims.odoo.stats.byMethod).some((k) => k.startsWith('product.template.'))).toBe(false);
    const result = JSON.parse(r.stdout) as { selected: number; stock: { read: number; changed: number; writeCalls: number } };
    expect(result.selected).toBe(offers.length);
    expect(result.stock.changed).toBe(0);
    // Unchanged stock: only the read times are refreshed, one call per distinct second.
    expect(result.stock.writeCalls).toBeLessThanOrEqual(3);
  });

  it('leaves out offers read more recently than sync.stock.freshFor, and reads the stale ones', async () => {
    const before = productInfoCalls();
    const fresh = JSON.parse((await sims.cli(['pull-products', '--stock-only', '--json'])).stdout) as { selected: number; fresh: number };
    expect(fresh).toMatchObject({ selected: 0, fresh: offers.length });
    expect(productInfoCalls()).toBe(before);
    withState((s) => s.db.prepare("UPDATE supplier_stock SET read_at = '2020-01-01T00:00:00.000Z' WHERE offer_id = ?").run(offers[0]!));
    const stale = JSON.parse((await sims.cli(['pull-products', '--stock-only', '--json'])).stdout) as { selected: number; fresh: number };
    expect(stale).toMatchObject({ selected: 1, fresh: offers.length - 1 });
    expect(productInfoCalls() - before).toBe(1);
  });

  it('refuses --stock-only with --full, exit 2', async () => {
    const r = await sims.cli(['pull-products', '--stock-only', '--full']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--stock-only and --full');
  });
});

describe('supplier stock from push messages', () => {
  const inventory = (offerId: string, skuId: string, stock: number, bizTime: number): ReturnType<typeof pushMessage> =>
    pushMessage('PRODUCT_PRODUCT_INVENTORY_CHANGE', { OfferInventoryChangeList: [{ offerId: Number(offerId), offerOnSale: stock, skuId: Number(skuId), skuOnSale: stock, quantity: -1, bizTime: String(bizTime) }] });

  it('writes the pushed stock of the SKU and nothing else of the product', async () => {
    const sku = skus[2]!;
    const skuId = String(variant(sku.variantId).x_alibaba_sku_id);
    const tmplBefore = sims.odoo.store.searchRead('product.template', [['x_alibaba_offer_id', '=', sku.offerId]], ['write_date'])[0]!;
    const ctx = contextOf(sims);
    const server = await serveOn(ctx);
    sims.odoo.resetStats();
    const message = inventory(sku.offerId, skuId, 42, Date.now());
    expect((await postPush(server.url, message, sims.alibaba.appSecret)).status).toBe(204);
    await until(() => inboxRow(ctx, message.msgId)?.processed_at !== null);
    expect(variant(sku.variantId).x_alibaba_supplier_stock).toBe(42);
    expect(writesBy()).toEqual(['product.product.write']);
    expect(sims.odoo.store.searchRead('product.template', [['x_alibaba_offer_id', '=', sku.offerId]], ['write_date'])[0]).toEqual(tmplBefore);
    await ctx.close();
  });

  it('ignores a message older than the stock already stored', async () => {
    const sku = skus[2]!;
    const skuId = String(variant(sku.variantId).x_alibaba_sku_id);
    const ctx = contextOf(sims);
    const server = await serveOn(ctx);
    const late = inventory(sku.offerId, skuId, 5, Date.now() - 3_600_000);
    expect((await postPush(server.url, late, sims.alibaba.appSecret)).status).toBe(204);
    await until(() => inboxRow(ctx, late.msgId)?.processed_at !== null);
    expect(variant(sku.variantId).x_alibaba_supplier_stock).toBe(42);
    await ctx.close();
  });

  it('applies the simulator’s own inventory push, and marks the documented example (an unknown offer) processed', async () => {
    const sku = skus[3]!;
    const ctx = contextOf(sims);
    const server = await serveOn(ctx);
    sims.alibaba.pushConfig.url = `${server.url}/webhooks/1688`;
    sims.alibaba.updateOffer(sku.offerId, { skuStock: { [sku.specId]: 77 } });
    await sims.alibaba.flushPush();
    await until(() => variant(sku.variantId).x_alibaba_supplier_stock === 77);
    sims.alibaba.pushConfig.url = undefined;
    const example = pushMessage('PRODUCT_PRODUCT_INVENTORY_CHANGE', { OfferInventoryChangeList: [{ offerId: 1234567890, offerOnSale: 100, skuId: 1234567890, skuOnSale: 20, quantity: -10, bizTime: '1564984329147' }] });
    expect((await postPush(server.url, example, sims.alibaba.appSecret)).status).toBe(204);
    await until(() => inboxRow(ctx, example.msgId)?.processed_at !== null);
    expect(inboxRow(ctx, example.msgId)?.last_error).toBeNull();
    await ctx.close();
  });
});

describe('an Odoo without the stock fields', () => {
  let old: Sims;
  beforeAll(async () => {
    old = await startSims(tempDir('aos-stock-old-'), { alibaba: { offers: 2, seed: 3 } });
    old.seedToken();
    const fields = old.odoo.store.search('ir.model.fields', [['name', 'in', ['x_alibaba_supplier_stock', 'x_alibaba_stock_read_at']]]);
    old.odoo.store.unlink('ir.model.fields', fields);
  });
  afterAll(async () => old.close());

  it('imports the catalog and says the stock was not kept and how to fix it', async () => {
    const r = await old.cli(['pull-products', ...old.alibaba.listOffers().flatMap((o) => ['--offer', o.productId])]);
    expect(r.code).toBe(0);
    expect(old.odoo.store.count('product.template', [['x_alibaba_offer_id', '!=', false]])).toBe(old.alibaba.listOffers().length);
    expect(r.stdout + r.stderr).toContain('x_alibaba_supplier_stock');
    expect(r.stdout + r.stderr).toContain('doctor --fix');
  });

  it('exits 2 on --stock-only with the same advice', async () => {
    const r = await old.cli(['pull-products', '--stock-only']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('doctor --fix');
  });
});
