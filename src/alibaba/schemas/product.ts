// Schemas for alibaba.cross.productInfo: the raw offer payload in, a clean ProductInfo out.
import { z } from 'zod';
import { AliDate, Bool, Id, Num, Text } from './common.js';

export const PriceRange = z.object({ startQuantity: Num, price: Num });
export type PriceRange = z.infer<typeof PriceRange>;

export const ProductAttribute = z.object({
  attributeID: Id.optional(),
  attributeName: Text.optional(),
  value: Text.optional(),
});
export type ProductAttribute = z.infer<typeof ProductAttribute>;

/** A SKU attribute; the name arrives as `attributeDisplayName` or `attributeName` (or not at all). */
export const SkuAttribute = z
  .object({
    attributeID: Id.optional(),
    attributeDisplayName: Text.optional(),
    attributeName: Text.optional(),
    attributeValue: Text,
    skuImageUrl: Text.optional(),
  })
  .transform((a) => ({
    attributeID: a.attributeID,
    attributeName: a.attributeDisplayName ?? a.attributeName,
    attributeValue: a.attributeValue,
    skuImageUrl: a.skuImageUrl,
  }));
export type SkuAttribute = z.infer<typeof SkuAttribute>;

export const SkuInfo = z.object({
  skuId: Id,
  specId: z.string(),
  cargoNumber: Text.optional(),
  amountOnSale: Num.optional(),
  /** Yuan; absent when the offer prices by quantity tier only. */
  price: Num.optional(),
  consignPrice: Num.optional(),
  /** Per-SKU quantity tiers (quoteType 2/3). */
  priceRange: z.array(PriceRange).default([]),
  attributes: z.array(SkuAttribute).default([]),
});
export type SkuInfo = z.infer<typeof SkuInfo>;

export const SaleInfo = z.object({
  priceRanges: z.array(PriceRange).default([]),
  amountOnSale: Num.optional(),
  unit: Text.optional(),
  minOrderQuantity: Num.optional(),
  /** 0 fixed price / tiers, 1 per-SKU price, 2 and 3 SKU price ranges. */
  quoteType: Num.optional(),
  batchNumber: Num.optional(),
});
export type SaleInfo = z.infer<typeof SaleInfo>;

export const ShippingInfo = z.object({ unitWeight: Num.optional() });
export type ShippingInfo = z.infer<typeof ShippingInfo>;

export const ProductImage = z.object({ images: z.array(z.string()).default([]) });
export type ProductImage = z.infer<typeof ProductImage>;

export const ProductInfo = z.object({
  productID: Id,
  subject: Text,
  categoryID: Id.optional(),
  categoryName: Text.optional(),
  status: Text.optional(),
  attributes: z.array(ProductAttribute).default([]),
  image: ProductImage.default({ images: [] }),
  skuInfos: z.array(SkuInfo).default([]),
  saleInfo: SaleInfo.optional(),
  shippingInfo: ShippingInfo.optional(),
  supplierLoginId: Text.optional(),
  supplierUserId: Id.optional(),
  createTime: AliDate,
  modifyTime: AliDate,
});
export type ProductInfo = z.infer<typeof ProductInfo>;

/** `{productInfo, success, message}`; on a business error productInfo is absent. */
export const ProductInfoResponse = z.object({
  productInfo: ProductInfo.optional(),
  success: Bool.optional(),
  message: Text.optional(),
});
export type ProductInfoResponse = z.infer<typeof ProductInfoResponse>;
