// Pure: 1688 quantity tiers -> Odoo vendor price tiers, and the tier price that sets the product cost.

export interface PriceTier {
  /** Minimum quantity (in the offer's unit) from which this price applies. */
  minQty: number;
  /** Price in CNY (yuan) per unit. */
  price: number;
}

export type CostStrategy = { strategy: 'lowest' } | { strategy: 'highest' } | { strategy: 'atQuantity'; quantity: number };

/** Sorted by quantity, duplicates and unusable entries dropped. */
export function normaliseTiers(tiers: readonly { startQuantity?: number | undefined; price?: number | undefined }[], fallbackMinQty = 1): PriceTier[] {
  const byQty = new Map<number, number>();
  for (const t of tiers) {
    if (t.price === undefined || !Number.isFinite(t.price) || t.price <= 0) continue;
    const qty = t.startQuantity !== undefined && Number.isFinite(t.startQuantity) && t.startQuantity > 0 ? t.startQuantity : fallbackMinQty;
    byQty.set(qty, t.price);
  }
  return [...byQty.entries()].sort((a, b) => a[0] - b[0]).map(([minQty, price]) => ({ minQty, price }));
}

/** The tier price the cost strategy picks; undefined when there is no price at all. */
export function tierPrice(tiers: readonly PriceTier[], cost: CostStrategy): number | undefined {
  if (tiers.length === 0) return undefined;
  const prices = tiers.map((t) => t.price);
  if (cost.strategy === 'lowest') return Math.min(...prices);
  if (cost.strategy === 'highest') return Math.max(...prices);
  let chosen = tiers[0]!.price;
  for (const t of tiers) if (t.minQty <= cost.quantity) chosen = t.price;
  return chosen;
}

/** Two tier lists are the same prices at the same quantities. */
export function sameTiers(a: readonly PriceTier[], b: readonly PriceTier[]): boolean {
  return a.length === b.length && a.every((t, i) => t.minQty === b[i]!.minQty && t.price === b[i]!.price);
}
