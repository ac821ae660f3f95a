// product.template and product.product (delegation, single-variant fields), categories, UoM, supplierinfo.
import type { Env, FieldDef, ModelDef, Rec, Val } from '../types.js';
import { binary, bool, char, date, float, image, int, m2m, m2o, o2m, sel, text } from '../fields.js';
import { create as ormCreate, write as ormWrite } from '../orm-write.js';
import { checkBarcodes, combinationIndices, syncVariants, variantDisplayName } from '../variants.js';
import { ids, nameOf, num, one2manyIds, str } from '../values.js';

const TMPL = 'product.template';
const PP = 'product.product';

function activeVariants(env: Env, tmplId: number): number[] {
  return env.store.referencing(PP, 'product_tmpl_id', tmplId).filter((i) => env.store.get(PP, i)?.active !== false);
}

/** A template field mirrored from its variant when it has exactly one (Odoo's _compute_template_field_from_variant_field). */
function fromSingleVariant(name: string, f: FieldDef): FieldDef {
  const empty = f.type === 'float' ? 0 : false;
  return {
    ...f,
    compute: (env, rec) => {
      const v = activeVariants(env, rec.id);
      return v.length === 1 ? env.store.get(PP, v[0] as number)?.[name] ?? empty : empty;
    },
    setter: (env, rec, value) => {
      const v = activeVariants(env, rec.id);
      if (v.length === 1) ormWrite({ ...env, sudo: true }, PP, v, { [name]: value });
    },
  };
}

const MIRRORED = ['default_code', 'barcode', 'standard_price', 'weight', 'volume'] as const;

const template: ModelDef = {
  name: TMPL, description: 'Product', module: 'product', order: 'is_favorite desc, name, id', className: 'ProductTemplate',
  mailThread: true,
  fields: {
    name: char('Name', { required: true }),
    default_code: fromSingleVariant('default_code', char('Internal Reference')),
    barcode: fromSingleVariant('barcode', char('Barcode')),
    standard_price: fromSingleVariant('standard_price', float('Cost')),
    weight: fromSingleVariant('weight', float('Weight')),
    volume: fromSingleVariant('volume', float('Volume')),
    list_price: float('Sales Price', { default: 1 }),
    image_1920: image('Image'),
    image_1024: binary('Image 1024', { compute: (_e, r) => r.image_1920 ?? false }),
    image_512: binary('Image 512', { compute: (_e, r) => r.image_1920 ?? false }),
    image_128: binary('Image 128', { compute: (_e, r) => r.image_1920 ?? false }),
    categ_id: m2o('product.category', 'Product Category', { required: true, default: 1 }),
    attribute_line_ids: o2m('product.template.attribute.line', 'product_tmpl_id', 'Product Attributes'),
    product_variant_ids: o2m(PP, 'product_tmpl_id', 'Products', { required: true }),
    product_variant_id: m2o(PP, 'Product', { compute: (env, r) => activeVariants(env, r.id)[0] ?? false }),
    product_variant_count: int('# Product Variants', { readonly: true, compute: (env, r) => activeVariants(env, r.id).length }),
    uom_id: m2o('uom.uom', 'Unit of Measure', { required: true, default: 1 }),
    uom_po_id: m2o('uom.uom', 'Purchase Unit', { required: true, default: (_e, vals) => vals.uom_id ?? 1 }),
    seller_ids: o2m('product.supplierinfo', 'product_tmpl_id', 'Vendors'),
    variant_seller_ids: o2m('product.supplierinfo', 'product_tmpl_id', 'Variant Seller'),
    type: sel([['consu', 'Goods'], ['service', 'Service'], ['combo', 'Combo']], 'Product Type', { required: true, default: 'consu' }),
    is_storable: bool('Track Inventory', { default: false }),
    purchase_ok: bool('Purchase', { default: true }),
    sale_ok: bool('Sales', { default: true }),
    active: bool('Active', { default: true }),
    is_favorite: bool('Favorite', { default: false }),
    description: text('Description'),
    description_purchase: text('Purchase Description'),
    description_sale: text('Sales Description'),
    purchase_method: sel([['purchase', 'On ordered quantities'], ['receive', 'On received quantities']], 'Control Policy', { default: 'receive' }),
    company_id: m2o('res.company', 'Company'),
    currency_id: m2o('res.currency', 'Currency', { readonly: true, compute: () => 1 }),
    product_tag_ids: m2m('product.tag', 'Tags'),
    route_ids: m2m('stock.route', 'Routes'),
    supplier_taxes_id: m2m('account.tax', 'Purchase Taxes', { module: 'purchase', default: () => [2] }),
  },
  displayName: (env, rec) => {
    const code = template.fields.default_code?.compute?.(env, rec);
    return typeof code === 'string' && code ? `[${code}] ${str(rec.name)}` : str(rec.name);
  },
  afterCreate: (env, created, valsList) => {
    if (env.context._sim_no_variants) return;
    created.forEach((id, i) => {
      const vals = valsList[i] ?? {};
      const made = syncVariants(env, id);
      const variants = activeVariants(env, id);
      const patch: Record<string, Val> = {};
      for (const k of MIRRORED) if (vals[k] !== undefined && vals[k] !== false) patch[k] = vals[k];
      if (variants.length === 1 && Object.keys(patch).length) ormWrite({ ...env, sudo: true }, PP, variants, patch);
      else if (variants.length > 1 && typeof vals.standard_price === 'number') {
        ormWrite({ ...env, sudo: true }, PP, made, { standard_price: vals.standard_price });
      }
    });
  },
  afterWrite: (env, tmplIds, vals) => {
    if ('attribute_line_ids' in vals) tmplIds.forEach((id) => syncVariants(env, id));
    if ('active' in vals) {
      const all = tmplIds.flatMap((id) => env.store.referencing(PP, 'product_tmpl_id', id));
      if (all.length) ormWrite({ ...env, sudo: true }, PP, all, { active: !!vals.active });
    }
  },
};

/** product.product delegates these to its template (_inherits). */
const delegated = (name: string, f: FieldDef): FieldDef => ({ ...f, related: ['product_tmpl_id', name] });

const variant: ModelDef = {
  name: PP, description: 'Product Variant', module: 'product', order: 'is_favorite desc, default_code, name, id',
  className: 'ProductProduct', mailThread: true,
  fields: {
    product_tmpl_id: m2o(TMPL, 'Product Template', { required: true }),
    name: delegated('name', char('Name', { required: true })),
    type: delegated('type', template.fields.type as FieldDef),
    is_storable: delegated('is_storable', bool('Track Inventory')),
    categ_id: delegated('categ_id', m2o('product.category', 'Product Category')),
    uom_id: delegated('uom_id', m2o('uom.uom', 'Unit of Measure', { required: true })),
    uom_po_id: delegated('uom_po_id', m2o('uom.uom', 'Purchase Unit', { required: true })),
    list_price: delegated('list_price', float('Sales Price')),
    purchase_ok: delegated('purchase_ok', bool('Purchase')),
    sale_ok: delegated('sale_ok', bool('Sales')),
    is_favorite: delegated('is_favorite', bool('Favorite')),
    description_purchase: delegated('description_purchase', text('Purchase Description')),
    seller_ids: delegated('seller_ids', o2m('product.supplierinfo', 'product_tmpl_id', 'Vendors')),
    attribute_line_ids: delegated('attribute_line_ids', o2m('product.template.attribute.line', 'product_tmpl_id', 'Product Attributes')),
    default_code: char('Internal Reference'),
    barcode: char('Barcode'),
    standard_price: float('Cost', { default: 0 }),
    weight: float('Weight'),
    volume: float('Volume'),
    active: bool('Active', { default: true }),
    lst_price: float('Sales\u00a0Price', { compute: (env, r) => num(nameless(env, r, 'list_price')) + priceExtra(env, r) }),
    price_extra: float('Variant Price Extra', { readonly: true, compute: (env, r) => priceExtra(env, r) }),
    image_variant_1920: image('Variant Image'),
    image_1920: { ...image('Image'), compute: (env, r) => r.image_variant_1920 || nameless(env, r, 'image_1920'),
      setter: (env, r, v) => {
        const tmpl = env.store.get(TMPL, r.product_tmpl_id as number);
        if (!tmpl?.image_1920 || activeVariants(env, tmpl.id).length <= 1) ormWrite({ ...env, sudo: true }, TMPL, [tmpl?.id as number], { image_1920: v });
        else ormWrite({ ...env, sudo: true }, PP, [r.id], { image_variant_1920: v });
      } },
    product_template_attribute_value_ids: m2m('product.template.attribute.value', 'Attribute Values'),
    product_template_variant_value_ids: m2m('product.template.attribute.value', 'Variant Values', {
      compute: (env, r) => ids(r.product_template_attribute_value_ids).filter((p) => {
        const line = env.store.get('product.template.attribute.line', env.store.get('product.template.attribute.value', p)?.attribute_line_id as number);
        return ids(line?.value_ids).length > 1;
      }) }),
    combination_indices: char('Combination Indices', { readonly: true }),
    variant_seller_ids: o2m('product.supplierinfo', 'product_id', 'Variant Seller', {
      compute: (env, r) => one2manyIds(env, template.fields.seller_ids as FieldDef, r.product_tmpl_id as number) }),
    qty_available: float('Quantity On Hand', { readonly: true, compute: (env, r) => moveQty(env, r.id, ['done']) }),
    incoming_qty: float('Incoming', { readonly: true, compute: (env, r) => moveQty(env, r.id, ['assigned', 'confirmed', 'waiting', 'partially_available']) }),
    is_product_variant: bool('Is Product Variant', { readonly: true, compute: () => true }),
  },
  displayName: (env, rec) => variantDisplayName(env, rec),
  prepareCreate: (env, vals) => {
    if (typeof vals.product_tmpl_id === 'number') return;
    const tvals: Record<string, Val> = {};
    for (const [k, f] of Object.entries(variant.fields)) if (f.related && vals[k] !== undefined) tvals[k] = vals[k];
    const [tid] = ormCreate({ ...env, sudo: true, context: { ...env.context, _sim_no_variants: true } }, TMPL, [tvals]);
    vals.product_tmpl_id = tid as number;
  },
  afterCreate: (env, created) => {
    env.flags.registryCacheCleared = true;
    for (const id of created) {
      const r = env.store.get(PP, id) as Rec;
      env.store.update(PP, id, { combination_indices: combinationIndices(r) });
    }
  },
  afterWrite: (env, vids, vals) => {
    if ('product_template_attribute_value_ids' in vals) {
      vids.forEach((id) => env.store.update(PP, id, { combination_indices: combinationIndices(env.store.get(PP, id) as Rec) }));
    }
    if ('active' in vals) env.flags.registryCacheCleared = true;
  },
  constrain: (env, vids) => checkBarcodes(env, vids),
};

function nameless(env: Env, r: Rec, field: string): Val {
  return env.store.get(TMPL, r.product_tmpl_id as number)?.[field] ?? false;
}

function priceExtra(env: Env, r: Rec): number {
  return ids(r.product_template_attribute_value_ids)
    .reduce((s, p) => s + num(env.store.get('product.template.attribute.value', p)?.price_extra), 0);
}

function moveQty(env: Env, productId: number, states: string[]): number {
  return env.store.referencing('stock.move', 'product_id', productId).map((m) => env.store.get('stock.move', m) as Rec)
    .filter((m) => states.includes(str(m.state)) && m.location_dest_id === 8)
    .reduce((s, m) => s + num(m.state === 'done' ? m.quantity : m.product_uom_qty), 0);
}

const category: ModelDef = {
  name: 'product.category', description: 'Product Category', module: 'product', order: 'complete_name', parentName: 'parent_id',
  fields: {
    name: char('Name', { required: true }),
    parent_id: m2o('product.category', 'Parent Category'),
    child_id: o2m('product.category', 'parent_id', 'Child Categories'),
    complete_name: char('Complete Name', { readonly: true, compute: (env, r) => categoryName(env, r) }),
    property_cost_method: sel([['standard', 'Standard Price'], ['fifo', 'First In First Out (FIFO)'], ['average', 'Average Cost (AVCO)']], 'Costing Method', { default: 'standard' }),
    property_valuation: sel([['manual_periodic', 'Manual'], ['real_time', 'Automated']], 'Inventory Valuation', { default: 'manual_periodic' }),
  },
  displayName: (env, r) => categoryName(env, r),
};

function categoryName(env: Env, r: Rec): string {
  const parent = typeof r.parent_id === 'number' ? env.store.get('product.category', r.parent_id) : undefined;
  return parent ? `${categoryName(env, parent)} / ${str(r.name)}` : str(r.name);
}

const uomCategory: ModelDef = {
  name: 'uom.category', description: 'Product UoM Categories', module: 'uom', order: 'name',
  fields: { name: char('Unit of Measure Category', { required: true }), uom_ids: o2m('uom.uom', 'category_id', 'Uoms') },
};

const uom: ModelDef = {
  name: 'uom.uom', description: 'Product Unit of Measure', module: 'uom', order: 'factor DESC, id',
  fields: {
    name: char('Unit of Measure', { required: true }),
    category_id: m2o('uom.category', 'Category', { required: true }),
    uom_type: sel([['bigger', 'Bigger than the reference Unit of Measure'], ['reference', 'Reference Unit of Measure for this category'], ['smaller', 'Smaller than the reference Unit of Measure']], 'Type', { required: true, default: 'reference' }),
    factor: float('Ratio', { required: true, default: 1 }),
    factor_inv: float('Bigger Ratio', { required: true, readonly: true, compute: (_e, r) => (num(r.factor) ? 1 / num(r.factor) : 0) }),
    rounding: float('Rounding Precision', { required: true, default: 0.01 }),
    active: bool('Active', { default: true }),
  },
};

const supplierinfo: ModelDef = {
  name: 'product.supplierinfo', description: 'Supplier Pricelist', module: 'product', order: 'sequence, min_qty DESC, price, id',
  fields: {
    partner_id: m2o('res.partner', 'Vendor', { required: true }),
    product_name: char('Vendor Product Name'),
    product_code: char('Vendor Product Code'),
    product_tmpl_id: m2o(TMPL, 'Product Template'),
    product_id: m2o(PP, 'Product Variant'),
    min_qty: float('Quantity', { required: true, default: 0 }),
    price: float('Price', { required: true, default: 0 }),
    currency_id: m2o('res.currency', 'Currency', { required: true, default: 1 }),
    delay: int('Delivery Lead Time', { required: true, default: 1 }),
    date_start: date('Start Date'), date_end: date('End Date'),
    company_id: m2o('res.company', 'Company', { default: 1 }),
    sequence: int('Sequence', { default: 1 }),
    product_uom: m2o('uom.uom', 'Unit of Measure', { readonly: true, compute: (env, r) => nameless(env, r, 'uom_po_id') }),
  },
  displayName: (env, r) => nameOf(env, 'res.partner', r.partner_id),
  prepareCreate: (env, vals) => {
    if (typeof vals.product_id === 'number' && typeof vals.product_tmpl_id !== 'number') {
      vals.product_tmpl_id = env.store.get(PP, vals.product_id)?.product_tmpl_id ?? false;
    }
  },
};

export const productModels: ModelDef[] = [template, variant, category, uomCategory, uom, supplierinfo];
