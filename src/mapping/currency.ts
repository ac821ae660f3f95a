// Pure: CNY amounts into the company currency, from Odoo's own rate or a fixed rate.

export type RateSource = { source: 'odoo'; cnyRate: number } | { source: 'fixed'; companyPerCny: number };

/**
 * Company currency per 1 CNY. Odoo's `res.currency.rate` is "units of this currency per 1 company
 * unit" (CNY 7.2 when the company currency is USD), so the factor is its inverse.
 */
export function companyPerCny(rate: RateSource): number {
  if (rate.source === 'fixed') return rate.companyPerCny;
  if (!(rate.cnyRate > 0)) throw new RangeError('the CNY rate must be positive');
  return 1 / rate.cnyRate;
}

/** A CNY amount in the company currency, rounded to 4 decimals (Odoo rounds further by its own precision). */
export function toCompanyCurrency(amountCny: number, factor: number): number {
  return Math.round(amountCny * factor * 10_000) / 10_000;
}

/** Fen (1/100 yuan), as order-creation answers carry money, into yuan. */
export function fenToYuan(fen: number): number {
  return Math.round(fen) / 100;
}
