// Pure: a validated 1688 offer -> the Odoo template, attributes, variants, vendor prices and cost it becomes.
import type { ProductInfo, SkuInfo } from '../alibaba/schemas.js';
import { normaliseTiers, sameTiers, tierPrice, type CostStrategy, type PriceTier } from './price.js';
import { toCompanyCurrency } from './currency.js';

export interface ProductMappingContext {
  defaultCodePattern: string;
  barcodeFromSku: boolean;
  categoryMap: Readonly<Record<string, string>>;
  defaultCategory: string;
  unitMap: Readonly<Record<string, string>>;
  defaultUnit: string;
  cost: CostStrategy;
  /** Company currency per 1 CNY. */
  companyPerCny: number;
  imageBaseUrl: string;
}

export interface VariantPlan {
  specId: string;
  skuId: string;
  /** One value per template attribute, in the template's attribute order. */
  values: string[];
  defaultCode: string;
  barcode?: string;
  /** Vendor tiers for this variant when prices differ per SKU; empty when the template's apply. */
  tiers: PriceTier[];
  cost: number | undefined;
}

export interface OfferPlan {
  offerId: string;
  name: string;
  supplierId: string;
  supplierName: string;
  categoryName: string;
  /** The 1688 category id when it is not in the category map. */
  unmappedCategory?: string;
  uomName: string;
  unmappedUnit?: string;
  attributes: { name: string; values: string[] }[];
  /** Empty for an offer without SKUs (a single product). */
  variants: VariantPlan[];
  /** Vendor tiers for the whole template (prices the same for every SKU, or a single product). */
  templateTiers: PriceTier[];
  /** Cost of a single product, or of the template when every variant costs the same. */
  templateCost: number | undefined;
  singleDefaultCode: string;
  imageUrl: string | undefined;
  weightKg: number | undefined;
  minOrderQuantity: number;
}

export type OfferMapping =
  | { kind: 'ok'; plan: OfferPlan; warnings: string[] }
  | { kind: 'skip'; reason: string }
  | { kind: 'invalid'; problems: string[] };

export function defaultCode(pattern: string, ids: { offerId: string; specId?: string; skuId?: string }): string {
  let p = pattern;
  if (!ids.specId) p = p.replace(/[-_./]?\{specId\}/g, '');
  if (!ids.skuId) p = p.replace(/[-_./]?\{skuId\}/g, '');
  return p.replace(/\{offerId\}/g, ids.offerId).replace(/\{specId\}/g, ids.specId ?? '').replace(/\{skuId\}/g, ids.skuId ?? '');
}

export function absoluteImageUrl(path: string | undefined, base: string): string | undefined {
  if (!path) return undefined;
  if (/^https?:\/\//i.test(path)) return path;
  if (path.startsWith('//')) return `https:${path}`;
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

const clean = (s: string | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();

export function mapOffer(offer: ProductInfo, ctx: ProductMappingContext): OfferMapping {
  const name = clean(offer.subject);
  if (!name) return { kind: 'skip', reason: `offer ${offer.productID} has no subject (name)` };
  const supplierId = clean(offer.supplierLoginId) || clean(offer.supplierUserId);
  if (!supplierId) return { kind: 'invalid', problems: ['supplierLoginId: the offer names no supplier'] };
  const warnings: string[] = [];
  const problems: string[] = [];
  const sale = offer.saleInfo;
  const minOrderQuantity = sale?.minOrderQuantity && sale.minOrderQuantity > 0 ? sale.minOrderQuantity : 1;
  const offerTiers = normaliseTiers(sale?.priceRanges ?? [], minOrderQuantity);

  const attributes: { name: string; values: string[] }[] = [];
  const skus = offer.skuInfos;
  for (const sku of skus) {
    for (const attr of sku.attributes) {
      const attrName = clean(attr.attributeName) || (attr.attributeID ? `属性${attr.attributeID}` : '');
      if (!attrName) continue;
      let entry = attributes.find((a) => a.name === attrName);
      if (!entry) attributes.push((entry = { name: attrName, values: [] }));
      const value = clean(attr.attributeValue);
      if (value && !entry.values.includes(value)) entry.values.push(value);
    }
  }
  const seen = new Map<string, string>();
  const variants: VariantPlan[] = [];
  for (const [index, sku] of skus.entries()) {
    const values = attributes.map((a) => valueOf(sku, a.name));
    const missing = attributes.filter((_, i) => !values[i]).map((a) => a.name);
    if (missing.length > 0) {
      problems.push(`skuInfos[${index}] (specId ${sku.specId}): no value for ${missing.join(', ')}`);
      continue;
    }
    const combo = values.join('\u0000');
    const other = seen.get(combo);
    if (other) {
      problems.push(`skuInfos[${index}] (specId ${sku.specId}): same attributes (${values.join(', ')}) as specId ${other}`);
      continue;
    }
    seen.set(combo, sku.specId);
    const skuTiers = sku.priceRange.length > 0 ? normaliseTiers(sku.priceRange, minOrderQuantity) : sku.price !== undefined ? normaliseTiers([{ price: sku.price }], minOrderQuantity) : [];
    const tiers = skuTiers.length > 0 ? skuTiers : offerTiers;
    const cny = tierPrice(tiers, ctx.cost);
    variants.push({
      specId: sku.specId,
      skuId: sku.skuId,
      values: values as string[],
      defaultCode: defaultCode(ctx.defaultCodePattern, { offerId: offer.productID, specId: sku.specId, skuId: sku.skuId }),
      ...(ctx.barcodeFromSku ? { barcode: sku.skuId } : {}),
      tiers,
      cost: cny === undefined ? undefined : toCompanyCurrency(cny, ctx.companyPerCny),
    });
  }
  if (problems.length > 0) return { kind: 'invalid', problems };

  // When every SKU has the same tiers, they belong on the template (one set of vendor lines, not one per variant).
  const uniform = variants.length > 0 && variants.every((v) => sameTiers(v.tiers, variants[0]!.tiers));
  const templateTiers = variants.length === 0 ? offerTiers : uniform ? variants[0]!.tiers : [];
  if (uniform) for (const v of variants) v.tiers = [];
  const templateCny = tierPrice(templateTiers, ctx.cost);
  if (variants.length === 0 && templateTiers.length === 0) warnings.push(`offer ${offer.productID} has no price; cost left unchanged`);

  const categoryId = offer.categoryID;
  const mappedCategory = categoryId ? ctx.categoryMap[categoryId] : undefined;
  const unit = clean(sale?.unit);
  const mappedUnit = unit ? ctx.unitMap[unit] : undefined;
  return {
    kind: 'ok',
    warnings,
    plan: {
      offerId: offer.productID,
      name,
      supplierId,
      supplierName: clean(offer.supplierLoginId) || `1688 supplier ${supplierId}`,
      categoryName: mappedCategory ?? ctx.defaultCategory,
      ...(categoryId && !mappedCategory ? { unmappedCategory: categoryId } : {}),
      uomName: mappedUnit ?? ctx.defaultUnit,
      ...(unit && !mappedUnit ? { unmappedUnit: unit } : {}),
      attributes,
      variants,
      templateTiers,
      templateCost: templateCny === undefined ? undefined : toCompanyCurrency(templateCny, ctx.companyPerCny),
      singleDefaultCode: defaultCode(ctx.defaultCodePattern, { offerId: offer.productID }),
      imageUrl: absoluteImageUrl(offer.image.images[0], ctx.imageBaseUrl),
      weightKg: offer.shippingInfo?.unitWeight,
      minOrderQuantity,
    },
  };
}

function valueOf(sku: SkuInfo, attrName: string): string | undefined {
  const attr = sku.attributes.find((a) => clean(a.attributeName) === attrName || (!clean(a.attributeName) && `属性${a.attributeID}` === attrName));
  const value = clean(attr?.attributeValue);
  return value || undefined;
}
