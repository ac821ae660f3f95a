// Pure: which supplier stock changes are significant, by the configured rules, and what opens, clears or is new.
import type { InventoryChangeMessageData, ProductInfo } from '../alibaba/schemas.js';

export type StockRule = 'below_open_orders' | 'below_minimum' | 'drop';

/** One stock figure from 1688: a SKU (by spec or SKU id), or a whole offer without SKUs. */
export interface StockReading {
  offerId: string;
  specId?: string | undefined;
  skuId?: string | undefined;
  stock: number;
  /** When 1688 said so, ISO. */
  readAt: string;
  source: 'detail' | 'push';
}

const units = (n: number): number => Math.max(0, Math.round(n));

/** The stock an offer's detail shows: per SKU, or the offer's own for an offer without SKUs. */
export function readingsOfOffer(offer: ProductInfo, readAt: Date): StockReading[] {
  const at = new Date(Math.floor(readAt.getTime() / 1000) * 1000).toISOString();
  if (offer.skuInfos.length === 0) {
    const stock = offer.saleInfo?.amountOnSale;
    return stock === undefined ? [] : [{ offerId: offer.productID, specId: '', stock: units(stock), readAt: at, source: 'detail' }];
  }
  return offer.skuInfos.flatMap((sku) =>
    sku.amountOnSale === undefined ? [] : [{ offerId: offer.productID, specId: sku.specId, skuId: sku.skuId, stock: units(sku.amountOnSale), readAt: at, source: 'detail' as const }],
  );
}

/** The readings of a PRODUCT_PRODUCT_INVENTORY_CHANGE message: per SKU when it names one, else the offer's. */
export function readingsOfInventoryMessage(data: InventoryChangeMessageData, receivedAt: Date): StockReading[] {
  return data.OfferInventoryChangeList.flatMap((c): StockReading[] => {
    const readAt = (c.bizTime ?? receivedAt).toISOString();
    if (c.skuId !== undefined && c.skuOnSale !== undefined) return [{ offerId: c.offerId, skuId: c.skuId, stock: units(c.skuOnSale), readAt, source: 'push' }];
    if (c.skuId === undefined && c.offerOnSale !== undefined) return [{ offerId: c.offerId, stock: units(c.offerOnSale), readAt, source: 'push' }];
    return [];
  });
}

export interface StockRules {
  /** Flag stock below what open purchase orders not yet sent to 1688 need. */
  openOrders: boolean;
  /** Flag stock below this many units; 0 = off. */
  minimum: number;
  /** Flag a fall by more than this percent between two reads; 0 = off. */
  dropPercent: number;
}

export interface StockFinding {
  rule: StockRule;
  /** The need, the minimum, or the percent the rule compared with. */
  threshold: number;
  summary: string;
}

export interface StockJudgement {
  /** Stock it was before (undefined on the first read). */
  previous: number | undefined;
  stock: number;
  /** Units that open purchase orders not yet sent to 1688 still need of this variant. */
  need: number;
}

/** Conditions (below open-order needs, below the minimum) that hold now, and a drop if it fell that far. */
export function judgeStock(s: StockJudgement, rules: StockRules): StockFinding[] {
  const out: StockFinding[] = [];
  if (rules.openOrders && s.need > 0 && s.stock < s.need) {
    out.push({ rule: 'below_open_orders', threshold: s.need, summary: `supplier stock ${s.stock} is below the ${s.need} that open purchase orders need` });
  }
  if (rules.minimum > 0 && s.stock < rules.minimum) {
    out.push({ rule: 'below_minimum', threshold: rules.minimum, summary: `supplier stock ${s.stock} is below the minimum of ${rules.minimum}` });
  }
  if (rules.dropPercent > 0 && s.previous !== undefined && s.previous > 0 && s.stock < s.previous) {
    const fell = ((s.previous - s.stock) / s.previous) * 100;
    if (fell > rules.dropPercent) {
      out.push({ rule: 'drop', threshold: rules.dropPercent, summary: `supplier stock fell ${Math.round(fell)}% from ${s.previous} to ${s.stock} (more than ${rules.dropPercent}%)` });
    }
  }
  return out;
}

export interface StockPlan {
  /** Conditions that start to hold: reported once, then open until they clear. */
  open: StockFinding[];
  /** Open conditions that no longer hold. */
  clear: StockRule[];
  /** One-off changes (drops), reported once each. */
  events: StockFinding[];
}

/**
 * What a reading changes, given which conditions are open for the variant already: a condition that
 * still holds is not reported again, and a drop is only a drop when the stock changed.
 */
export function planStock(findings: readonly StockFinding[], openRules: ReadonlySet<StockRule>, changed: boolean): StockPlan {
  const holds = new Set(findings.map((f) => f.rule));
  return {
    open: findings.filter((f) => f.rule !== 'drop' && !openRules.has(f.rule)),
    clear: [...openRules].filter((r) => r !== 'drop' && !holds.has(r)),
    events: changed ? findings.filter((f) => f.rule === 'drop') : [],
  };
}
