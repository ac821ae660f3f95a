import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProductInfo, ProductInfoResponse, formatZodIssue } from '../../src/alibaba/schemas.js';
import { mapOffer, type ProductMappingContext } from '../../src/mapping/product.js';
import { id, junk, loose, mutated, oddString, price, quantity } from '../chaos/arbitraries.js';
import { loadFixtureJson } from '../helpers/fixtures.js';

const ctx: ProductMappingContext = {
  defaultCodePattern: '1688-{offerId}-{specId}',
  barcodeFromSku: true,
  categoryMap: { '1031910': 'Bags' },
  defaultCategory: 'All',
  unitMap: { 件: 'Units' },
  defaultUnit: 'Units',
  cost: { strategy: 'atQuantity', quantity: 50 },
  companyPerCny: 1 / 7.2,
  imageBaseUrl: 'https://cbu01.alicdn.com/',
};

const tier = fc.record({ startQuantity: quantity, price }, { requiredKeys: [] });
const skuAttribute = fc.record({ attributeID: loose(id), attributeDisplayName: loose(oddString), attributeName: loose(oddString), attributeValue: loose(oddString) }, { requiredKeys: [] });
const sku = fc.record(
  { skuId: loose(id), specId: loose(oddString), amountOnSale: loose(quantity), price: loose(price), priceRange: loose(fc.array(tier, { maxLength: 4 })), attributes: loose(fc.array(skuAttribute, { maxLength: 3 })) },
  { requiredKeys: [] },
);
/** A productInfo-like record: any field missing, mistyped, huge or in odd Unicode. */
const offer = fc.record(
  {
    productID: loose(id),
    subject: loose(oddString),
    categoryID: loose(fc.constantFrom('1031910', '999')),
    supplierLoginId: loose(oddString),
    supplierUserId: loose(id),
    image: loose(fc.record({ images: fc.array(oddString, { maxLength: 2 }) })),
    skuInfos: loose(fc.array(sku, { maxLength: 6 })),
    saleInfo: loose(fc.record({ priceRanges: loose(fc.array(tier, { maxLength: 4 })), unit: loose(oddString), minOrderQuantity: quantity }, { requiredKeys: [] })),
    shippingInfo: loose(fc.record({ unitWeight: loose(price) })),
    createTime: loose(fc.constantFrom('20250101120000000+0800', '2025-01-01 12:00:00', ' ', 1e20)),
  },
  { requiredKeys: [] },
);

const fixtureInfo = (loadFixtureJson('alibaba.cross.productInfo.response.json') as { productInfo: unknown }).productInfo;
const finiteOrUndefined = (n: number | undefined): boolean => n === undefined || Number.isFinite(n);

/** Parses then maps as pull-products does, and checks the outcome is one of the three documented ones. */
function mapsOrExplains(raw: unknown): void {
  const parsed = ProductInfo.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (typeof raw === 'object' && raw !== null) expect(issue.path.length).toBeGreaterThan(0);
      expect(formatZodIssue(issue)).toMatch(issue.path.length > 0 ? new RegExp(`^${String(issue.path[0])}`) : /\S/);
    }
    return;
  }
  const mapped = mapOffer(parsed.data, ctx);
  if (mapped.kind === 'skip') expect(mapped.reason).toMatch(/has no subject/);
  else if (mapped.kind === 'invalid') for (const p of mapped.problems) expect(p).toMatch(/^(supplierLoginId|skuInfos\[\d+\])/);
  else {
    const { plan } = mapped;
    expect(plan.name).toBe(plan.name.trim());
    expect(plan.name).not.toBe('');
    expect(plan.variants.length).toBeLessThanOrEqual(parsed.data.skuInfos.length);
    expect(finiteOrUndefined(plan.templateCost)).toBe(true);
    for (const v of plan.variants) expect(finiteOrUndefined(v.cost) && v.values.every((x) => x !== '')).toBe(true);
    for (const t of [...plan.templateTiers, ...plan.variants.flatMap((v) => v.tiers)]) expect(t.price > 0 && t.minQty > 0 && Number.isFinite(t.price)).toBe(true);
    expect(plan.minOrderQuantity).toBeGreaterThan(0);
  }
}

describe('hostile offers through ProductInfo and mapOffer', () => {
  it('maps, skips with a reason, or rejects naming the field, for arbitrary productInfo records', () => {
    fc.assert(fc.property(offer, mapsOrExplains), { numRuns: 400 });
  });

  it('does the same for the documented sample with one field replaced by junk or removed', () => {
    fc.assert(fc.property(mutated(fixtureInfo), mapsOrExplains), { numRuns: 400 });
  });

  it('never throws on a productInfo answer of any shape', () => {
    fc.assert(
      fc.property(fc.oneof(junk, fc.record({ productInfo: loose(offer), success: junk, message: junk }, { requiredKeys: [] })), (body) => {
        const parsed = ProductInfoResponse.safeParse(body);
        if (!parsed.success) expect(parsed.error.issues.every((i) => formatZodIssue(i) !== '')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every parsed date a valid date, whatever the platform sends', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer(), oddString, fc.constantFrom(1e20, -1e20, '99999999999999999+0800', '2025-13-45 99:99:99')), (value) => {
        const parsed = ProductInfo.safeParse({ productID: '1', subject: 'x', createTime: value });
        if (parsed.success && parsed.data.createTime) expect(Number.isNaN(parsed.data.createTime.getTime())).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
