// The naive baseline: a first script's import, sequential, one search and one create or write per record, no batching.
import { products, type AlibabaClient } from '../../src/alibaba/index.js';
import { mapOffer, type OfferPlan, type ProductMappingContext } from '../../src/mapping/product.js';
import { cmd, type OdooClient } from '../../src/odoo/client.js';
import { MODELS, type OdooVals } from '../../src/odoo/models.js';
import { fetchImage } from '../../src/sync/products/images.js';
import { templateHeader } from '../../src/sync/products/writer.js';

export interface NaiveResult {
  offers: number;
  variants: number;
  skipped: number;
}

/** Finds one record or creates it: a search, then a create only when nothing matched. */
async function findOrCreate(odoo: OdooClient, model: string, domain: unknown[], vals: OdooVals): Promise<number> {
  const [found] = await odoo.search(model, domain as never, { limit: 1 });
  if (found !== undefined) return found;
  const [id] = await odoo.create(model, [vals]);
  return id!;
}

/** Imports offers one at a time, the way a first script would: every lookup and write its own round trip. */
export async function naiveImport(odoo: OdooClient, client: AlibabaClient, offerIds: readonly string[], ctx: ProductMappingContext): Promise<NaiveResult> {
  const out: NaiveResult = { offers: 0, variants: 0, skipped: 0 };
  for (const offerId of offerIds) {
    const mapped = mapOffer(await products.getProduct(client, offerId), ctx);
    if (mapped.kind !== 'ok') {
      out.skipped += 1;
      continue;
    }
    out.variants += await importOne(odoo, mapped.plan);
    out.offers += 1;
  }
  return out;
}

async function importOne(odoo: OdooClient, plan: OfferPlan): Promise<number> {
  const [cny] = await odoo.search(MODELS.currency, [['name', '=', 'CNY']], { limit: 1 });
  const partnerId = await findOrCreate(odoo, MODELS.partner, [['x_alibaba_supplier_id', '=', plan.supplierId]], {
    name: plan.supplierName, is_company: true, supplier_rank: 1, x_alibaba_supplier_id: plan.supplierId,
  });
  const [categId] = await odoo.search(MODELS.category, [['complete_name', '=', plan.categoryName]], { limit: 1 });
  const [uomId] = await odoo.search(MODELS.uom, [['name', '=', plan.uomName]], { limit: 1 });
  const lines: OdooVals[] = [];
  for (const a of plan.attributes) {
    const attrId = await findOrCreate(odoo, MODELS.attribute, [['name', '=', a.name]], { name: a.name, create_variant: 'always', display_type: 'radio' });
    const valueIds: number[] = [];
    for (const v of a.values) valueIds.push(await findOrCreate(odoo, MODELS.attributeValue, [['attribute_id', '=', attrId], ['name', '=', v]], { attribute_id: attrId, name: v }));
    lines.push({ attribute_id: attrId, value_ids: [cmd.set(valueIds)] });
  }
  const image = plan.imageUrl ? await fetchImage(plan.imageUrl).catch(() => undefined) : undefined;
  const header = templateHeader(plan, { categId: categId ?? false, uomId: uomId ?? false }, image);
  const [existing] = await odoo.search(MODELS.template, [['x_alibaba_offer_id', '=', plan.offerId]], { limit: 1 });
  let tmplId: number;
  if (existing !== undefined) {
    tmplId = existing;
    await odoo.write(MODELS.template, [tmplId], header);
  } else {
    [tmplId] = (await odoo.create(MODELS.template, [{ ...header, attribute_line_ids: lines.map((l) => cmd.create(l)) }])) as [number];
  }

  // Variants: the generated ones, matched by their value names; then one search and one write per SKU.
  const variants = await odoo.searchReadAll(MODELS.product, [['product_tmpl_id', '=', tmplId]], ['product_template_attribute_value_ids']);
  const ptavs = await odoo.searchReadAll(MODELS.templateAttributeValue, [['product_tmpl_id', '=', tmplId]], ['name']);
  const nameOf = new Map(ptavs.map((p) => [p.id, String(p.name)]));
  const comboOf = (ids: unknown): string => ((ids as number[] | undefined) ?? []).map((id) => nameOf.get(id) ?? '').sort().join('|');
  const variantByCombo = new Map(variants.map((v) => [comboOf(v.product_template_attribute_value_ids), v.id]));
  const variantOf = new Map<string, number>();
  for (const sku of plan.variants) {
    const id = variantByCombo.get([...sku.values].sort().join('|'));
    if (id === undefined) continue;
    await odoo.search(MODELS.product, [['default_code', '=', sku.defaultCode]], { limit: 1 });
    await odoo.write(MODELS.product, [id], {
      default_code: sku.defaultCode,
      x_alibaba_sku_id: sku.skuId,
      x_alibaba_spec_id: sku.specId,
      ...(sku.cost !== undefined ? { standard_price: sku.cost } : {}),
    });
    variantOf.set(sku.specId, id);
  }

  // Vendor prices: one search and one create or write per tier.
  const tiers = [
    ...plan.templateTiers.map((t) => ({ ...t, productId: 0 })),
    ...plan.variants.flatMap((v) => v.tiers.map((t) => ({ ...t, productId: variantOf.get(v.specId) ?? 0 }))),
  ];
  for (const t of tiers) {
    const domain = [['product_tmpl_id', '=', tmplId], ['partner_id', '=', partnerId], ['min_qty', '=', t.minQty], ['product_id', '=', t.productId || false]];
    const [found] = await odoo.search(MODELS.supplierInfo, domain as never, { limit: 1 });
    const vals: OdooVals = { partner_id: partnerId, product_tmpl_id: tmplId, min_qty: t.minQty, price: t.price, currency_id: cny ?? false, ...(t.productId ? { product_id: t.productId } : {}) };
    if (found !== undefined) await odoo.write(MODELS.supplierInfo, [found], vals);
    else await odoo.create(MODELS.supplierInfo, [vals]);
  }
  return Math.max(1, plan.variants.length);
}
