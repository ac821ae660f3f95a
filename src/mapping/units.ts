// Pure: unit-of-measure conversion as Odoo defines it (factor = units of this UoM per reference unit).

export interface Uom {
  id: number;
  name: string;
  categoryId: number;
  /** Odoo's `factor`: how many of this unit make one reference unit (Dozens: 1/12). */
  factor: number;
}

export type Conversion = { ok: true; quantity: number } | { ok: false; problem: string };

const EPSILON = 1e-6;

/** Converts `quantity` from one UoM to another of the same category; 1688 quantities must be whole. */
export function convertToWhole(quantity: number, from: Uom, to: Uom): Conversion {
  if (from.categoryId !== to.categoryId) {
    return { ok: false, problem: `unit ${from.name} cannot be converted to ${to.name} (different unit categories)` };
  }
  if (!(from.factor > 0) || !(to.factor > 0)) return { ok: false, problem: `unit ${from.name} or ${to.name} has no usable ratio` };
  const converted = (quantity / from.factor) * to.factor;
  // NaN and Infinity pass every comparison below and would reach 1688 as `null`.
  if (!Number.isFinite(converted) || Math.abs(converted) > Number.MAX_SAFE_INTEGER) {
    return { ok: false, problem: `quantity ${quantity} ${from.name} is not a usable number` };
  }
  const whole = Math.round(converted);
  if (Math.abs(converted - whole) > EPSILON * Math.max(1, Math.abs(converted))) {
    return {
      ok: false,
      problem: `${quantity} ${from.name} is ${Number(converted.toFixed(6))} ${to.name}; 1688 orders whole ${to.name} only`,
    };
  }
  if (whole <= 0) return { ok: false, problem: `quantity ${quantity} ${from.name} is not a positive amount` };
  return { ok: true, quantity: whole };
}
