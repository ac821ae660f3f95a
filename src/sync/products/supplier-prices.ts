// Vendor price tiers (product.supplierinfo, CNY) made equal to the offer's tiers: one read, one unlink, one create.
import type { OfferPlan } from '../../mapping/product.js';
import type { OdooClient } from '../../odoo/client.js';
import { m2oId, MODELS, type OdooVals } from '../../odoo/models.js';

export interface PricedTemplate {
  plan: OfferPlan;
  templateId: number;
  partnerId: number;
  /** Variant id per spec id. */
  variantIds: ReadonlyMap<string, number>;
}

const key = (tmpl: number, variant: number, qty: number, price: number, currency: number): string =>
  `${tmpl}|${variant}|${qty}|${Math.round(price * 10_000)}|${currency}`;

/** Makes the 1688 supplier's vendor lines on these templates exactly the offers' tiers; other vendors are untouched. */
export async function syncSupplierPrices(odoo: OdooClient, items: readonly PricedTemplate[], currencyId: number): Promise<{ created: number; removed: number }> {
  if (items.length === 0) return { created: 0, removed: 0 };
  const wanted = new Map<string, OdooVals>();
  for (const item of items) {
    const add = (variantId: number, minQty: number, price: number): void => {
      wanted.set(key(item.templateId, variantId, minQty, price, currencyId), {
        partner_id: item.partnerId,
        product_tmpl_id: item.templateId,
        ...(variantId ? { product_id: variantId } : {}),
        min_qty: minQty,
        price,
        currency_id: currencyId,
      });
    };
    for (const t of item.plan.templateTiers) add(0, t.minQty, t.price);
    for (const v of item.plan.variants) {
      const variantId = item.variantIds.get(v.specId);
      if (variantId !== undefined) for (const t of v.tiers) add(variantId, t.minQty, t.price);
    }
  }
  const partners = [...new Set(items.map((i) => i.partnerId))];
  const existing = await odoo.searchReadAll(
    MODELS.supplierInfo,
    [['product_tmpl_id', 'in', items.map((i) => i.templateId)], ['partner_id', 'in', partners]],
    ['product_tmpl_id', 'product_id', 'min_qty', 'price', 'currency_id'],
  );
  const obsolete: number[] = [];
  for (const row of existing) {
    const k = key(m2oId(row.product_tmpl_id) ?? 0, m2oId(row.product_id) ?? 0, Number(row.min_qty), Number(row.price), m2oId(row.currency_id) ?? 0);
    if (wanted.has(k)) wanted.delete(k);
    else obsolete.push(row.id);
  }
  if (obsolete.length > 0) await odoo.unlink(MODELS.supplierInfo, obsolete);
  if (wanted.size > 0) await odoo.create(MODELS.supplierInfo, [...wanted.values()]);
  return { created: wanted.size, removed: obsolete.length };
}
