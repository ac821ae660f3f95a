// Writes a batch of mapped offers to Odoo with few round trips: templates, variants, vendor prices, then links.
import type { OfferPlan } from '../../mapping/product.js';
import { cmd, type OdooClient } from '../../odoo/client.js';
import { fieldText, m2oId, MODELS, type OdooRecord, type OdooVals } from '../../odoo/models.js';
import type { Link } from '../../state/links.js';
import type { Store } from '../../state/store.js';
import type { FetchedImage } from './images.js';
import type { CatalogRefs } from './refs.js';
import { syncSupplierPrices } from './supplier-prices.js';
import { matchVariants, ptavIndex, PTAV_FIELDS, STOCK_VARIANT_FIELDS, VARIANT_FIELDS, type VariantStock } from './variants.js';

export interface OfferWork {
  plan: OfferPlan;
  hash: string;
  link: Link | undefined;
  image: FetchedImage | undefined;
  /** Supplier stock per spec id, set in the same variant write when Odoo has the stock fields. */
  stock?: ReadonlyMap<string, VariantStock> | undefined;
}

export interface WrittenOffer {
  offerId: string;
  outcome: 'created' | 'updated' | 'linked';
  templateId: number;
  variants: number;
  archived: number;
  /** Spec ids whose supplier stock was written along with the variants. */
  stockSet: string[];
}

export interface WriterOptions {
  barcodeFromSku: boolean;
  /** Odoo has x_alibaba_supplier_stock and x_alibaba_stock_read_at. */
  stockFields?: boolean;
}

const ALL = { context: { active_test: false } } as const;

/** Writes every offer of the batch; throws on the first failure (the caller isolates failures by retrying singly). */
export async function writeOffers(odoo: OdooClient, store: Store, refs: CatalogRefs, works: readonly OfferWork[], options: WriterOptions): Promise<WrittenOffer[]> {
  const plans = works.map((w) => w.plan);
  const cny = await refs.currencyInfo();
  const suppliers = await refs.ensureSuppliers(plans);
  await refs.ensureAttributes(plans);
  const adopted = await findExisting(odoo, works.filter((w) => !w.link).map((w) => w.plan), options);

  const templateOf = new Map<string, number>();
  const outcome = new Map<string, WrittenOffer['outcome']>();
  const toCreate: OfferWork[] = [];
  for (const w of works) {
    const existing = w.link?.odooId ?? adopted.get(w.plan.offerId);
    if (existing === undefined) toCreate.push(w);
    else {
      templateOf.set(w.plan.offerId, existing);
      outcome.set(w.plan.offerId, w.link ? 'updated' : 'linked');
    }
  }
  if (toCreate.length > 0) {
    const vals = await Promise.all(toCreate.map((w) => newTemplateVals(w, refs, suppliers.get(w.plan.supplierId)!, cny.id)));
    const ids = await odoo.create(MODELS.template, vals, {
      lookup: { domain: (chunk) => [['x_alibaba_offer_id', 'in', chunk.map((c) => fieldText(c.x_alibaba_offer_id))]], key: 'x_alibaba_offer_id' },
    });
    toCreate.forEach((w, i) => {
      templateOf.set(w.plan.offerId, ids[i]!);
      outcome.set(w.plan.offerId, 'created');
    });
  }
  const existingWorks = works.filter((w) => outcome.get(w.plan.offerId) !== 'created');
  if (existingWorks.length > 0) await updateTemplates(odoo, refs, existingWorks, templateOf);

  const tmplIds = works.map((w) => templateOf.get(w.plan.offerId)!);
  const [variants, ptavRows] = await Promise.all([
    odoo.searchReadAll(MODELS.product, [['product_tmpl_id', 'in', tmplIds]], options.stockFields ? [...VARIANT_FIELDS, ...STOCK_VARIANT_FIELDS] : VARIANT_FIELDS, ALL),
    odoo.searchReadAll(MODELS.templateAttributeValue, [['product_tmpl_id', 'in', tmplIds]], PTAV_FIELDS, ALL),
  ]);
  const ptavs = ptavIndex(ptavRows);
  const byTemplate = groupBy(variants, (v) => m2oId(v.product_tmpl_id) ?? 0);
  const written: WrittenOffer[] = [];
  const variantIds = new Map<string, Map<string, number>>();
  const variantWrites: Promise<unknown>[] = [];
  for (const w of works) {
    const tmplId = templateOf.get(w.plan.offerId)!;
    const stockOf = options.stockFields ? (specId: string) => w.stock?.get(specId) : undefined;
    const match = matchVariants(w.plan, byTemplate.get(tmplId) ?? [], ptavs, (n) => refs.attributeId(n), options, stockOf);
    // One write per template; the client runs them within odoo.concurrency.
    if (match.commands.length > 0) variantWrites.push(odoo.write(MODELS.template, [tmplId], { product_variant_ids: match.commands }));
    variantIds.set(w.plan.offerId, match.bySpec);
    written.push({ offerId: w.plan.offerId, outcome: outcome.get(w.plan.offerId)!, templateId: tmplId, variants: match.bySpec.size, archived: match.archived, stockSet: match.stockSet });
  }
  await Promise.all(variantWrites);
  await syncSupplierPrices(odoo, works.map((w) => ({ plan: w.plan, templateId: templateOf.get(w.plan.offerId)!, partnerId: suppliers.get(w.plan.supplierId)!, variantIds: variantIds.get(w.plan.offerId)! })), cny.id);

  const uoms = await Promise.all(works.map((w) => refs.uom(w.plan.uomName)));
  store.links.upsert(
    works.flatMap((w, i) => {
      const tmplId = templateOf.get(w.plan.offerId)!;
      const imageSha = w.image?.sha ?? (w.link?.extra?.imageSha as string | undefined) ?? null;
      const common = { offerId: w.plan.offerId, supplierId: w.plan.supplierId, uomId: uoms[i]!.id };
      return [
        { kind: 'offer' as const, externalId: w.plan.offerId, odooId: tmplId, hash: w.hash, extra: { ...common, imageSha, imageUrl: w.plan.imageUrl ?? null } },
        ...[...variantIds.get(w.plan.offerId)!].map(([specId, id]) => ({
          kind: 'sku' as const,
          externalId: `${w.plan.offerId}:${specId}`,
          odooId: id,
          hash: null,
          extra: { ...common, specId, skuId: w.plan.variants.find((v) => v.specId === specId)?.skuId ?? null },
        })),
      ];
    }),
  );
  return written;
}

/** What an offer sets on a new template, attribute lines and vendor prices aside. */
export function templateHeader(plan: OfferPlan, ids: { categId: number | false; uomId: number | false }, image: FetchedImage | undefined): OdooVals {
  return {
    name: plan.name,
    categ_id: ids.categId,
    uom_id: ids.uomId,
    uom_po_id: ids.uomId,
    type: 'consu',
    is_storable: true,
    purchase_ok: true,
    x_alibaba_offer_id: plan.offerId,
    ...(plan.templateCost !== undefined ? { standard_price: plan.templateCost } : {}),
    ...(plan.weightKg !== undefined ? { weight: plan.weightKg } : {}),
    ...(image ? { image_1920: image.base64 } : {}),
    ...(plan.variants.length === 0 ? { default_code: plan.singleDefaultCode } : {}),
  };
}

async function newTemplateVals(w: OfferWork, refs: CatalogRefs, partnerId: number, currencyId: number): Promise<OdooVals> {
  const { plan } = w;
  const uom = await refs.uom(plan.uomName);
  return {
    ...templateHeader(plan, { categId: await refs.categoryId(plan.categoryName), uomId: uom.id }, w.image),
    attribute_line_ids: plan.attributes.map((a) =>
      cmd.create({ attribute_id: refs.attributeId(a.name), value_ids: [cmd.set(a.values.map((v) => refs.valueId(a.name, v)))] }),
    ),
    seller_ids: plan.templateTiers.map((t) => cmd.create({ partner_id: partnerId, min_qty: t.minQty, price: t.price, currency_id: currencyId })),
  };
}

/** One write per existing template: header fields and attribute lines set to exactly the offer's values. */
async function updateTemplates(odoo: OdooClient, refs: CatalogRefs, works: readonly OfferWork[], templateOf: ReadonlyMap<string, number>): Promise<void> {
  const ids = works.map((w) => templateOf.get(w.plan.offerId)!);
  const lines = await odoo.searchReadAll(MODELS.attributeLine, [['product_tmpl_id', 'in', ids]], ['product_tmpl_id', 'attribute_id', 'value_ids']);
  const linesOf = groupBy(lines, (l) => m2oId(l.product_tmpl_id) ?? 0);
  for (const w of works) {
    const { plan } = w;
    const tmplId = templateOf.get(plan.offerId)!;
    const current = linesOf.get(tmplId) ?? [];
    const commands = [];
    for (const a of plan.attributes) {
      const attrId = refs.attributeId(a.name);
      const valueIds = a.values.map((v) => refs.valueId(a.name, v)).sort((x, y) => x - y);
      const line = current.find((l) => m2oId(l.attribute_id) === attrId);
      if (!line) commands.push(cmd.create({ attribute_id: attrId, value_ids: [cmd.set(valueIds)] }));
      else if (!sameIds(line.value_ids, valueIds)) commands.push(cmd.update(line.id, { value_ids: [cmd.set(valueIds)] }));
    }
    const wantedAttrs = new Set(plan.attributes.map((a) => refs.attributeId(a.name)));
    for (const l of current) if (!wantedAttrs.has(m2oId(l.attribute_id) ?? 0)) commands.push(cmd.delete(l.id));
    await odoo.write(MODELS.template, [tmplId], {
      name: plan.name,
      categ_id: await refs.categoryId(plan.categoryName),
      x_alibaba_offer_id: plan.offerId,
      ...(plan.templateCost !== undefined && plan.variants.length === 0 ? { standard_price: plan.templateCost } : {}),
      ...(plan.weightKg !== undefined ? { weight: plan.weightKg } : {}),
      ...(w.image ? { image_1920: w.image.base64 } : {}),
      ...(commands.length > 0 ? { attribute_line_ids: commands } : {}),
    });
  }
}

/** Templates already in Odoo for offers not linked yet: by offer id, else by a variant's internal reference or barcode. */
async function findExisting(odoo: OdooClient, plans: readonly OfferPlan[], options: WriterOptions): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (plans.length === 0) return out;
  const byOffer = await odoo.searchReadAll(MODELS.template, [['x_alibaba_offer_id', 'in', plans.map((p) => p.offerId)]], ['x_alibaba_offer_id'], ALL);
  for (const t of byOffer) if (!out.has(String(t.x_alibaba_offer_id))) out.set(String(t.x_alibaba_offer_id), t.id);
  const rest = plans.filter((p) => !out.has(p.offerId));
  if (rest.length === 0) return out;
  const codeOwner = new Map<string, string>();
  for (const p of rest) {
    codeOwner.set(`code:${p.singleDefaultCode}`, p.offerId);
    for (const v of p.variants) {
      codeOwner.set(`code:${v.defaultCode}`, p.offerId);
      if (options.barcodeFromSku && v.barcode) codeOwner.set(`barcode:${v.barcode}`, p.offerId);
    }
  }
  const codes = [...codeOwner.keys()].filter((k) => k.startsWith('code:')).map((k) => k.slice(5));
  const barcodes = [...codeOwner.keys()].filter((k) => k.startsWith('barcode:')).map((k) => k.slice(8));
  const domain = barcodes.length > 0 ? ['|', ['default_code', 'in', codes], ['barcode', 'in', barcodes]] : [['default_code', 'in', codes]];
  const found = await odoo.searchReadAll(MODELS.product, domain as never, ['default_code', 'barcode', 'product_tmpl_id'], ALL);
  for (const v of found) {
    const offerId = codeOwner.get(`code:${String(v.default_code)}`) ?? codeOwner.get(`barcode:${String(v.barcode)}`);
    const tmpl = m2oId(v.product_tmpl_id);
    if (offerId && tmpl !== undefined && !out.has(offerId)) out.set(offerId, tmpl);
  }
  return out;
}

function groupBy<T>(items: readonly T[], key: (item: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function sameIds(current: unknown, wanted: readonly number[]): boolean {
  const ids = Array.isArray(current) ? [...(current as number[])].sort((a, b) => a - b) : [];
  return ids.length === wanted.length && ids.every((id, i) => id === wanted[i]);
}

export type { OdooRecord };
