import { describe, expect, it } from 'vitest';
import { ProductInfo, ProductInfoResponse } from '../../src/alibaba/schemas.js';
import { parseJsonPreservingBigInts } from '../../src/alibaba/json.js';
import { mapOffer, type ProductMappingContext } from '../../src/mapping/product.js';
import { loadFixture } from '../helpers/fixtures.js';

const ctx: ProductMappingContext = {
  defaultCodePattern: '1688-{offerId}-{specId}',
  barcodeFromSku: false,
  categoryMap: { '1048182': 'All / Saleable / Dresses' },
  defaultCategory: 'All',
  unitMap: { 件: 'Units' },
  defaultUnit: 'Units',
  cost: { strategy: 'lowest' },
  companyPerCny: 0.14,
  imageBaseUrl: 'https://cbu01.alicdn.com/',
};

const offer = (raw: Record<string, unknown>): ProductInfo =>
  ProductInfo.parse({ productID: '610947572360', subject: 'T恤 纯棉', supplierLoginId: 'shop-a', ...raw });

const sku = (specId: string, color: string, size: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  skuId: `37${specId.length}${specId.charCodeAt(0)}${color.length}${size}`,
  specId,
  amountOnSale: 100,
  attributes: [
    { attributeID: 3216, attributeDisplayName: '颜色', attributeValue: color },
    { attributeID: 450, attributeDisplayName: '尺码', attributeValue: size },
  ],
  ...extra,
});

describe('mapOffer', () => {
  it('maps the documented productInfo example: one SKU, mapped category and unit, absolute image URL', () => {
    const response = ProductInfoResponse.parse(parseJsonPreservingBigInts(loadFixture('alibaba.cross.productInfo.response.json')));
    const r = mapOffer(response.productInfo!, ctx);
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.plan).toMatchObject({
      offerId: '584051070147',
      name: '高端气质OL韩版雪纺女装套头半高领长袖修身型蕾丝衫',
      supplierId: 'alitestforisv01',
      categoryName: 'All / Saleable / Dresses',
      uomName: 'Units',
      attributes: [{ name: '属性3216', values: ['黑色'] }],
      imageUrl: 'https://cbu01.alicdn.com/img/ibank/2014/766/624/1652426667_642119312.jpg',
      templateTiers: [{ minQty: 1, price: 40 }],
      templateCost: 5.6,
    });
    expect(r.plan.variants).toEqual([
      expect.objectContaining({ specId: 'fb82997a5b64af3c729cea89bef44409', values: ['黑色'], defaultCode: '1688-584051070147-fb82997a5b64af3c729cea89bef44409' }),
    ]);
  });

  it('builds two attributes and one variant per SKU in first-seen order', () => {
    const r = mapOffer(offer({ skuInfos: [sku('a1', '红色', 'S'), sku('a2', '红色', 'M'), sku('a3', '蓝色', 'S')], saleInfo: { priceRanges: [{ startQuantity: 2, price: '12.50' }], unit: '件' } }), ctx);
    expect(r.kind === 'ok' && r.plan.attributes).toEqual([
      { name: '颜色', values: ['红色', '蓝色'] },
      { name: '尺码', values: ['S', 'M'] },
    ]);
    expect(r.kind === 'ok' && r.plan.variants.map((v) => v.values)).toEqual([['红色', 'S'], ['红色', 'M'], ['蓝色', 'S']]);
  });

  it('puts tier prices shared by every SKU on the template, read from strings', () => {
    const r = mapOffer(offer({ skuInfos: [sku('a1', '红', 'S'), sku('a2', '蓝', 'S')], saleInfo: { priceRanges: [{ startQuantity: '10', price: '9.8' }, { startQuantity: 2, price: '12' }], quoteType: 0 } }), ctx);
    expect(r.kind === 'ok' && r.plan.templateTiers).toEqual([{ minQty: 2, price: 12 }, { minQty: 10, price: 9.8 }]);
    expect(r.kind === 'ok' && r.plan.variants.every((v) => v.tiers.length === 0)).toBe(true);
    expect(r.kind === 'ok' && r.plan.templateCost).toBe(1.372);
  });

  it('keeps per-SKU prices on each variant when they differ', () => {
    const r = mapOffer(offer({ skuInfos: [sku('a1', '红', 'S', { price: 10 }), sku('a2', '红', 'XL', { price: '11.5' })], saleInfo: { quoteType: 1, minOrderQuantity: 3 } }), ctx);
    expect(r.kind === 'ok' && r.plan.templateTiers).toEqual([]);
    expect(r.kind === 'ok' && r.plan.variants.map((v) => v.tiers)).toEqual([[{ minQty: 3, price: 10 }], [{ minQty: 3, price: 11.5 }]]);
    expect(r.kind === 'ok' && r.plan.variants.map((v) => v.cost)).toEqual([1.4, 1.61]);
  });

  it('prices the cost at a quantity, or at the highest tier, as configured', () => {
    const tiers = { saleInfo: { priceRanges: [{ startQuantity: 1, price: 20 }, { startQuantity: 50, price: 15 }, { startQuantity: 200, price: 10 }] } };
    const at = (cost: ProductMappingContext['cost']): number | undefined => {
      const r = mapOffer(offer(tiers), { ...ctx, cost, companyPerCny: 1 });
      return r.kind === 'ok' ? r.plan.templateCost : undefined;
    };
    expect(at({ strategy: 'lowest' })).toBe(10);
    expect(at({ strategy: 'highest' })).toBe(20);
    expect(at({ strategy: 'atQuantity', quantity: 100 })).toBe(15);
    expect(at({ strategy: 'atQuantity', quantity: 1 })).toBe(20);
  });

  it('maps an offer without SKUs to a single product with its own internal reference', () => {
    const r = mapOffer(offer({ saleInfo: { priceRanges: [{ startQuantity: 1, price: 5 }], unit: '套' } }), ctx);
    expect(r).toMatchObject({ kind: 'ok', plan: { variants: [], attributes: [], singleDefaultCode: '1688-610947572360', uomName: 'Units', unmappedUnit: '套' } });
  });

  it('skips an offer whose subject is blank', () => {
    expect(mapOffer(offer({ subject: '   ' }), ctx)).toEqual({ kind: 'skip', reason: 'offer 610947572360 has no subject (name)' });
  });

  it('reports a SKU that lacks a value for one of the attributes', () => {
    const broken = sku('b2', '红', 'M');
    (broken.attributes as unknown[]).pop();
    const r = mapOffer(offer({ skuInfos: [sku('b1', '红', 'S'), broken] }), ctx);
    expect(r).toEqual({ kind: 'invalid', problems: ['skuInfos[1] (specId b2): no value for 尺码'] });
  });

  it('reports two SKUs with the same combination', () => {
    const r = mapOffer(offer({ skuInfos: [sku('c1', '红', 'S'), sku('c2', '红', 'S')] }), ctx);
    expect(r).toEqual({ kind: 'invalid', problems: ['skuInfos[1] (specId c2): same attributes (红, S) as specId c1'] });
  });

  it('lists an unmapped category and uses the default category', () => {
    const r = mapOffer(offer({ categoryID: 999 }), ctx);
    expect(r).toMatchObject({ kind: 'ok', plan: { categoryName: 'All', unmappedCategory: '999' } });
  });

  it('warns when an offer has no price at all', () => {
    const r = mapOffer(offer({}), ctx);
    expect(r.kind === 'ok' && r.warnings).toEqual(['offer 610947572360 has no price; cost left unchanged']);
  });

  it('uses the SKU id as barcode only when asked', () => {
    const r = mapOffer(offer({ skuInfos: [sku('d1', '红', 'S')] }), { ...ctx, barcodeFromSku: true });
    expect(r.kind === 'ok' && r.plan.variants[0]?.barcode).toMatch(/^37/);
  });
});
