// product.attribute, product.attribute.value and the per-template lines and values (PTAL / PTAV).
import type { ModelDef, Rec } from '../types.js';
import { bool, char, float, int, m2m, m2o, o2m, sel } from '../fields.js';
import { syncVariants } from '../variants.js';
import { ids, nameOf, str } from '../values.js';

const attribute: ModelDef = {
  name: 'product.attribute', description: 'Product Attribute', module: 'product', order: 'sequence, id',
  fields: {
    name: char('Attribute', { required: true }),
    display_type: sel([['radio', 'Radio'], ['pills', 'Pills'], ['select', 'Select'], ['color', 'Color'], ['multi', 'Multi-checkbox']], 'Display Type', { required: true, default: 'radio' }),
    create_variant: sel([['always', 'Instantly'], ['dynamic', 'Dynamically'], ['no_variant', 'Never']], 'Variant Creation', { required: true, default: 'always' }),
    value_ids: o2m('product.attribute.value', 'attribute_id', 'Values'),
    attribute_line_ids: o2m('product.template.attribute.line', 'attribute_id', 'Lines'),
    sequence: int('Sequence', { default: 20 }),
    active: bool('Active', { default: true }),
  },
};

const attrValueName = (env: Parameters<NonNullable<ModelDef['displayName']>>[0], r: Rec): string =>
  `${nameOf(env, 'product.attribute', r.attribute_id)}: ${str(r.name)}`;

const value: ModelDef = {
  name: 'product.attribute.value', description: 'Attribute Value', module: 'product', order: 'attribute_id, sequence, id',
  fields: {
    name: char('Value', { required: true }),
    attribute_id: m2o('product.attribute', 'Attribute', { required: true }),
    html_color: char('Color'),
    is_custom: bool('Free text', { default: false }),
    default_extra_price: float('Default Extra Price', { default: 0 }),
    sequence: int('Sequence', { default: 10 }),
  },
  displayName: attrValueName,
};

const line: ModelDef = {
  name: 'product.template.attribute.line', description: 'Product Template Attribute Line', module: 'product',
  order: 'sequence, attribute_id, id',
  fields: {
    product_tmpl_id: m2o('product.template', 'Product Template', { required: true }),
    attribute_id: m2o('product.attribute', 'Attribute', { required: true }),
    value_ids: m2m('product.attribute.value', 'Values'),
    product_template_value_ids: o2m('product.template.attribute.value', 'attribute_line_id', 'Product Attribute Values'),
    value_count: int('Value Count', { readonly: true, compute: (_e, r) => ids(r.value_ids).length }),
    sequence: int('Sequence', { default: 10 }),
    active: bool('Active', { default: true }),
  },
  displayName: (env, r) => nameOf(env, 'product.attribute', r.attribute_id),
  // Lines created or changed through their template are synced once by the template's hooks.
  afterCreate: (env, created) => {
    if (env.context._parent_model === 'product.template') return;
    const tmpls = new Set(created.map((i) => env.store.get('product.template.attribute.line', i)?.product_tmpl_id));
    tmpls.forEach((t) => typeof t === 'number' && syncVariants(env, t));
  },
  afterWrite: (env, lineIds, vals) => {
    if (env.context._parent_model === 'product.template' || !('value_ids' in vals || 'active' in vals)) return;
    const tmpls = new Set(lineIds.map((i) => env.store.get('product.template.attribute.line', i)?.product_tmpl_id));
    tmpls.forEach((t) => typeof t === 'number' && syncVariants(env, t));
  },
};

const ptav: ModelDef = {
  name: 'product.template.attribute.value', description: 'Product Template Attribute Value', module: 'product',
  order: 'attribute_line_id, product_attribute_value_id, id',
  fields: {
    name: char('Value', { readonly: true, compute: (env, r) => str(env.store.get('product.attribute.value', r.product_attribute_value_id as number)?.name) }),
    product_tmpl_id: m2o('product.template', 'Product Template', { readonly: true }),
    attribute_id: m2o('product.attribute', 'Attribute', { readonly: true }),
    attribute_line_id: m2o('product.template.attribute.line', 'Attribute Line', { required: true }),
    product_attribute_value_id: m2o('product.attribute.value', 'Attribute Value', { required: true }),
    price_extra: float('Extra Price', { default: 0 }),
    ptav_active: bool('Active', { default: true }),
    ptav_product_variant_ids: m2m('product.product', 'Related Variants', {
      readonly: true,
      compute: (env, r) => env.store.referencing('product.product', 'product_tmpl_id', r.product_tmpl_id as number)
        .map((i) => env.store.get('product.product', i) as Rec)
        .filter((v) => v.active !== false && ids(v.product_template_attribute_value_ids).includes(r.id)).map((v) => v.id),
    }),
    html_color: char('HTML Color Index', { compute: (env, r) => env.store.get('product.attribute.value', r.product_attribute_value_id as number)?.html_color ?? false }),
  },
  displayName: (env, r) => `${nameOf(env, 'product.attribute', r.attribute_id)}: ${str(env.store.get('product.attribute.value', r.product_attribute_value_id as number)?.name)}`,
};

export const attributeModels: ModelDef[] = [attribute, value, line, ptav];
