// Matches the variants Odoo generated to the offer's SKUs by their combination of values, and plans the writes.
import type { OfferPlan } from '../../mapping/product.js';
import { cmd, type X2ManyCommand } from '../../odoo/client.js';
import { fieldText, m2oId } from '../../odoo/models.js';
import type { OdooRecord, OdooVals } from '../../odoo/models.js';

export const VARIANT_FIELDS = [
  'product_tmpl_id',
  'product_template_attribute_value_ids',
  'default_code',
  'barcode',
  'standard_price',
  'active',
  'x_alibaba_sku_id',
  'x_alibaba_spec_id',
] as const;

/** Read as well when Odoo has the supplier stock fields, so a first import sets the stock in the same write. */
export const STOCK_VARIANT_FIELDS = ['x_alibaba_supplier_stock'] as const;

/** A supplier stock figure to set along with the variant's other fields (Odoo datetime for the read time). */
export interface VariantStock {
  stock: number;
  readAt: string;
}

export const PTAV_FIELDS = ['product_tmpl_id', 'attribute_id', 'name'] as const;

export interface VariantMatch {
  /** Variant id per SKU spec id ('' for a single product). */
  bySpec: Map<string, number>;
  /** x2many commands on the template's product_variant_ids; empty when everything is as wanted. */
  commands: X2ManyCommand[];
  archived: number;
  /** Spec ids whose supplier stock these commands set. */
  stockSet: string[];
}

const comboKey = (pairs: readonly (readonly [number, string])[]): string =>
  pairs
    .map(([a, v]) => `${a}=${v}`)
    .sort()
    .join('|');

/**
 * For one template: which variant is which SKU, what each must be changed to (code, ids, cost, active),
 * and which combinations Odoo generated that 1688 does not sell (archived).
 */
export function matchVariants(
  plan: OfferPlan,
  variants: readonly OdooRecord[],
  ptavs: ReadonlyMap<number, { attributeId: number; name: string }>,
  attributeId: (name: string) => number,
  options: { barcodeFromSku: boolean },
  stockOf: (specId: string) => VariantStock | undefined = () => undefined,
): VariantMatch {
  const bySpec = new Map<string, number>();
  const commands: X2ManyCommand[] = [];
  const stockSet: string[] = [];
  let archived = 0;
  const wanted = new Map<string, OfferPlan['variants'][number]>();
  for (const v of plan.variants) wanted.set(comboKey(plan.attributes.map((a, i) => [attributeId(a.name), v.values[i]!] as const)), v);

  for (const variant of variants) {
    const ptavIds = (variant.product_template_attribute_value_ids as number[] | undefined) ?? [];
    const key = comboKey(ptavIds.map((id) => ptavs.get(id)).filter((p) => p !== undefined).map((p) => [p.attributeId, p.name] as const));
    const target: OdooVals | undefined =
      plan.variants.length === 0
        ? bySpec.size === 0
          ? { default_code: plan.singleDefaultCode, x_alibaba_spec_id: false, x_alibaba_sku_id: false, active: true }
          : undefined
        : (() => {
            const sku = wanted.get(key);
            if (!sku || bySpec.has(sku.specId)) return undefined;
            return {
              default_code: sku.defaultCode,
              ...(options.barcodeFromSku && sku.barcode ? { barcode: sku.barcode } : {}),
              ...(sku.cost !== undefined ? { standard_price: sku.cost } : {}),
              x_alibaba_sku_id: sku.skuId,
              x_alibaba_spec_id: sku.specId,
              active: true,
            };
          })();
    if (target) {
      const specId = plan.variants.length === 0 ? '' : fieldText(target.x_alibaba_spec_id);
      bySpec.set(specId, variant.id);
      const diff: OdooVals = Object.fromEntries(Object.entries(target).filter(([field, value]) => !same(variant[field], value)));
      // A stock that differs rides along with a write that happens anyway (or is new); the stock step skips it.
      const stock = stockOf(specId);
      if (stock && (Object.keys(diff).length > 0 || !same(variant.x_alibaba_supplier_stock, stock.stock))) {
        Object.assign(diff, { x_alibaba_supplier_stock: stock.stock, x_alibaba_stock_read_at: stock.readAt });
        stockSet.push(specId);
      }
      if (Object.keys(diff).length > 0) commands.push(cmd.update(variant.id, diff));
    } else if (variant.active !== false) {
      commands.push(cmd.update(variant.id, { active: false }));
      archived += 1;
    }
  }
  return { bySpec, commands, archived, stockSet };
}

function same(current: unknown, wanted: unknown): boolean {
  if (typeof wanted === 'number' && typeof current === 'number') return Math.abs(current - wanted) < 1e-6;
  if (wanted === false) return current === false || current === null || current === undefined || current === '';
  return current === wanted;
}

/** PTAV id -> (attribute id, value name), from a search_read of product.template.attribute.value. */
export function ptavIndex(rows: readonly OdooRecord[]): Map<number, { attributeId: number; name: string }> {
  return new Map(rows.map((r) => [r.id, { attributeId: m2oId(r.attribute_id) ?? 0, name: String(r.name) }]));
}
