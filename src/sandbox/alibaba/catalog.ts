// The simulator's offer catalog: offers kept in fen, rendered in the productInfo wire shape.
import { SimulatorError, fenToYuan, formatApiDate } from './util.js';

export interface SimSkuAttribute {
  attributeID: number;
  attributeDisplayName?: string;
  attributeValue: string;
  skuImageUrl?: string;
}

export interface SimTier {
  startQuantity: number;
  priceFen: number;
}

export interface SimSku {
  skuId: number;
  specId: string;
  cargoNumber: string;
  amountOnSale: number;
  /** Per-SKU price (quoteType 1). */
  priceFen?: number;
  consignPriceFen?: number;
  /** Per-SKU quantity tiers (quoteType 2). */
  priceRanges?: SimTier[];
  attributes: SimSkuAttribute[];
}

export interface SimOffer {
  productID: number;
  subject: string;
  categoryID: number;
  categoryName: string;
  status: string;
  attributes: { attributeID: number; attributeName: string; value: string }[];
  images: string[];
  skus: SimSku[];
  /** Offer-level tiers (quoteType 0) and the reference tiers shown for the others. */
  priceRanges: SimTier[];
  quoteType: 0 | 1 | 2;
  unit: string;
  minOrderQuantity: number;
  batchNumber: number;
  /** Stock of a single-product offer (no SKUs). */
  amountOnSale: number;
  unitWeight: number;
  supplierLoginId: string;
  supplierUserId: number;
  createTime: number;
  modifyTime: number;
  /** Some offers send prices as strings; reproduced per offer. */
  pricesAsStrings: boolean;
  /** false: the buyer has no listing relationship with this offer. */
  permitted: boolean;
}

export interface OfferChange {
  subject?: string | undefined;
  /** New price in yuan for every SKU (or the offer's tiers, scaled). */
  price?: number | undefined;
  /** New stock for every SKU (or the single product). */
  stock?: number | undefined;
  /** New stock of single SKUs, by spec id. */
  skuStock?: Record<string, number> | undefined;
  status?: string | undefined;
}

export function sellerMemberId(offer: SimOffer): string {
  return `b2b-${offer.supplierUserId}`;
}

export function offerStock(offer: SimOffer): number {
  return offer.skus.length === 0 ? offer.amountOnSale : offer.skus.reduce((sum, s) => sum + s.amountOnSale, 0);
}

export class Catalog {
  private readonly offers = new Map<string, SimOffer>();

  constructor(private readonly imagePrefix: () => string) {}

  add(offer: SimOffer): void {
    this.offers.set(String(offer.productID), offer);
  }

  clear(): void {
    this.offers.clear();
  }

  get(productId: string): SimOffer | undefined {
    return this.offers.get(productId.trim());
  }

  require(productId: string): SimOffer {
    const offer = this.get(productId);
    if (!offer) throw new SimulatorError(404, `no offer ${productId}`);
    return offer;
  }

  all(): SimOffer[] {
    return [...this.offers.values()];
  }

  /** Applies a control-API change (price, stock, subject, status) and bumps modifyTime. */
  change(productId: string, change: OfferChange, now: number): SimOffer {
    const offer = this.require(productId);
    if (change.subject !== undefined) offer.subject = change.subject;
    if (change.status !== undefined) offer.status = change.status;
    if (change.price !== undefined) {
      const fen = Math.round(change.price * 100);
      const base = offer.priceRanges[0]?.priceFen ?? fen;
      offer.priceRanges = offer.priceRanges.map((t) => ({ ...t, priceFen: Math.round((t.priceFen * fen) / base) }));
      for (const sku of offer.skus) {
        if (sku.priceFen !== undefined) sku.priceFen = fen;
        if (sku.priceRanges) sku.priceRanges = sku.priceRanges.map((t) => ({ ...t, priceFen: Math.round((t.priceFen * fen) / base) }));
      }
    }
    if (change.stock !== undefined) {
      offer.amountOnSale = change.stock;
      for (const sku of offer.skus) sku.amountOnSale = change.stock;
    }
    for (const [specId, stock] of Object.entries(change.skuStock ?? {})) {
      const sku = offer.skus.find((k) => k.specId === specId);
      if (!sku) throw new Error(`offer ${productId} has no SKU with spec id ${specId}`);
      sku.amountOnSale = stock;
    }
    offer.modifyTime = now;
    return offer;
  }

  /** The `productInfo` object as alibaba.cross.productInfo returns it. */
  render(offer: SimOffer): Record<string, unknown> {
    const money = (fen: number): number | string => (offer.pricesAsStrings ? fenToYuan(fen).toFixed(2) : fenToYuan(fen));
    const tiers = (list: SimTier[]): Record<string, unknown>[] =>
      list.map((t) => ({ startQuantity: t.startQuantity, price: money(t.priceFen) }));
    const prefix = this.imagePrefix();
    const info: Record<string, unknown> = {
      productID: offer.productID,
      productType: 'wholesale',
      categoryID: offer.categoryID,
      attributes: offer.attributes.map((a) => ({ ...a, isCustom: false })),
      status: offer.status,
      subject: offer.subject,
      image: { images: offer.images.map((p) => prefix + p) },
      saleInfo: {
        supportOnlineTrade: true,
        mixWholeSale: false,
        saleType: 'batch',
        priceRanges: tiers(offer.priceRanges),
        amountOnSale: offerStock(offer),
        unit: offer.unit,
        minOrderQuantity: offer.minOrderQuantity,
        batchNumber: offer.batchNumber,
        quoteType: offer.quoteType,
      },
      shippingInfo: { unitWeight: offer.unitWeight },
      supplierUserId: String(offer.supplierUserId),
      supplierLoginId: offer.supplierLoginId,
      categoryName: offer.categoryName,
      createTime: formatApiDate(offer.createTime),
      modifyTime: formatApiDate(offer.modifyTime),
      lastUpdateTime: formatApiDate(offer.modifyTime),
    };
    if (offer.skus.length > 0) {
      info['skuInfos'] = offer.skus.map((sku) => {
        const out: Record<string, unknown> = {
          attributes: sku.attributes.map((a) => ({ ...a, ...(a.skuImageUrl ? { skuImageUrl: prefix + a.skuImageUrl } : {}) })),
          cargoNumber: sku.cargoNumber,
          amountOnSale: sku.amountOnSale,
          skuCode: String(sku.skuId),
          skuId: sku.skuId,
          specId: sku.specId,
        };
        if (sku.priceFen !== undefined) out['price'] = money(sku.priceFen);
        if (sku.consignPriceFen !== undefined) out['consignPrice'] = money(sku.consignPriceFen);
        if (sku.priceRanges) out['priceRange'] = tiers(sku.priceRanges);
        return out;
      });
    }
    return info;
  }
}
