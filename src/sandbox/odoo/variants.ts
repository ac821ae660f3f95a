// Variant generation from attribute lines exactly as Odoo 18 (_create_variant_ids), names, barcode uniqueness.
import type { Env, Rec } from './types.js';
import { userError } from './faults.js';
import { create as ormCreate, write as ormWrite } from './orm-write.js';
import { ids, num, str } from './values.js';

const PP = 'product.product';
const PTAL = 'product.template.attribute.line';
const PTAV = 'product.template.attribute.value';
const MAX_VARIANTS = 1000;

export function combinationIndices(variant: Rec): string {
  return ids(variant.product_template_attribute_value_ids).sort((a, b) => a - b).join(',');
}

function sortedLines(env: Env, tmplId: number): Rec[] {
  return env.store.referencing(PTAL, 'product_tmpl_id', tmplId).map((i) => env.store.get(PTAL, i) as Rec)
    .filter((l) => l.active !== false)
    .sort((a, b) => {
      const sa = num(env.store.get('product.attribute', a.attribute_id as number)?.sequence);
      const sb = num(env.store.get('product.attribute', b.attribute_id as number)?.sequence);
      return sa - sb || a.id - b.id;
    });
}

function valueOrder(env: Env, valueIds: number[]): number[] {
  return [...valueIds].sort((a, b) => {
    const va = env.store.get('product.attribute.value', a);
    const vb = env.store.get('product.attribute.value', b);
    return num(va?.sequence) - num(vb?.sequence) || a - b;
  });
}

/** Ensures PTAVs for each line value (deactivating removed ones); returns active PTAV ids per line. */
function ensurePtavs(env: Env, tmplId: number, line: Rec): number[] {
  const existing = env.store.referencing(PTAV, 'attribute_line_id', line.id).map((i) => env.store.get(PTAV, i) as Rec);
  const wanted = valueOrder(env, ids(line.value_ids));
  const out: number[] = [];
  for (const valueId of wanted) {
    const found = existing.find((p) => p.product_attribute_value_id === valueId);
    if (found) {
      if (found.ptav_active === false) env.store.update(PTAV, found.id, { ptav_active: true });
      out.push(found.id);
    } else {
      const value = env.store.get('product.attribute.value', valueId);
      const [pid] = ormCreate(env, PTAV, [{
        attribute_line_id: line.id, product_attribute_value_id: valueId, product_tmpl_id: tmplId,
        attribute_id: line.attribute_id as number, price_extra: num(value?.default_extra_price),
      }]);
      out.push(pid as number);
    }
  }
  for (const p of existing) {
    if (!wanted.includes(p.product_attribute_value_id as number) && p.ptav_active !== false) {
      env.store.update(PTAV, p.id, { ptav_active: false });
    }
  }
  return out;
}

/**
 * Creates the missing variants of a template (cartesian product of its "always" lines, first line
 * outermost), reactivates archived matches and archives variants whose combination is gone.
 * Returns the ids of newly created variants.
 */
export function syncVariants(outer: Env, tmplId: number): number[] {
  const env: Env = { ...outer, sudo: true, context: { ...outer.context, active_test: false, _parent_model: false } };
  const tmpl = env.store.get('product.template', tmplId);
  if (!tmpl) return [];
  const groups: number[][] = [];
  for (const line of sortedLines(env, tmplId)) {
    const ptavs = ensurePtavs(env, tmplId, line);
    const attr = env.store.get('product.attribute', line.attribute_id as number);
    if (!ptavs.length) {
      throw userError(`The attribute ${str(attr?.name)} must have at least one value for the product ${str(tmpl.name)}.`);
    }
    if ((attr?.create_variant ?? 'always') === 'always') groups.push(ptavs);
  }
  const total = groups.reduce((n, g) => n * g.length, 1);
  if (total > MAX_VARIANTS) {
    throw userError('The number of variants to generate is above allowed limit. You should either not generate ' +
      'variants for each combination or generate them on demand from the sales order. To do so, open the form ' +
      'view of attributes and change the mode of *Create Variants*.');
  }
  let combos: number[][] = [[]];
  for (const g of groups) combos = combos.flatMap((c) => g.map((p) => [...c, p]));
  const existing = env.store.referencing(PP, 'product_tmpl_id', tmplId).map((i) => env.store.get(PP, i) as Rec);
  const byKey = new Map(existing.map((v) => [str(v.combination_indices), v]));
  const keyOf = (c: number[]): string => [...c].sort((a, b) => a - b).join(',');
  const wantedKeys = new Set(combos.map(keyOf));
  // Odoo reuses a lone attribute-less variant for the first combination instead of creating a new one.
  const lone = existing.filter((v) => v.active !== false);
  if (lone.length === 1 && lone[0]?.combination_indices === '' && !wantedKeys.has('') && combos[0]) {
    ormWrite(env, PP, [lone[0].id], { product_template_attribute_value_ids: [[6, 0, combos[0]]] });
    byKey.delete('');
    byKey.set(keyOf(combos[0]), { ...lone[0], combination_indices: keyOf(combos[0]) });
  }
  const toCreate: number[][] = [];
  const toActivate: number[] = [];
  for (const c of combos) {
    const v = byKey.get(keyOf(c));
    if (!v) toCreate.push(c);
    else if (v.active === false) toActivate.push(v.id);
  }
  const toArchive = [...byKey.entries()].filter(([k, v]) => !wantedKeys.has(k) && v.active !== false).map(([, v]) => v.id);
  if (toActivate.length) ormWrite(env, PP, toActivate, { active: true });
  if (toArchive.length) ormWrite(env, PP, toArchive, { active: false });
  return toCreate.length
    ? ormCreate(env, PP, toCreate.map((c) => ({ product_tmpl_id: tmplId, product_template_attribute_value_ids: [[6, 0, c]] })))
    : [];
}

/** `[code] Name (V1, V2)`: only values of lines with more than one value are shown. */
export function variantDisplayName(env: Env, rec: Rec): string {
  const tmpl = env.store.get('product.template', rec.product_tmpl_id as number);
  const name = str(tmpl?.name);
  const values = ids(rec.product_template_attribute_value_ids)
    .map((p) => env.store.get(PTAV, p))
    .filter((p): p is Rec => !!p && ids(env.store.get(PTAL, p.attribute_line_id as number)?.value_ids).length > 1)
    .filter((p) => env.store.get('product.attribute', p.attribute_id as number)?.create_variant !== 'no_variant')
    .sort((a, b) => num(a.attribute_line_id) - num(b.attribute_line_id) || a.id - b.id)
    .map((p) => str(env.store.get('product.attribute.value', p.product_attribute_value_id as number)?.name));
  const base = values.length ? `${name} (${values.join(', ')})` : name;
  return typeof rec.default_code === 'string' && rec.default_code ? `[${rec.default_code}] ${base}` : base;
}

function formatList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  if (items.length === 2) return `${items[0]} and ${items[1]}`;
  return `${items.slice(0, -1).join(', ')}, and ${items[items.length - 1]}`;
}

/** _check_barcode_uniqueness: a barcode may belong to one active variant only. */
export function checkBarcodes(env: Env, variantIds: number[]): void {
  const barcodes = new Set(variantIds.map((i) => env.store.get(PP, i)?.barcode).filter((b): b is string => typeof b === 'string' && !!b));
  if (!barcodes.size) return;
  const holders = new Map<string, Rec[]>();
  for (const v of env.store.all(PP)) {
    if (v.active === false || typeof v.barcode !== 'string' || !barcodes.has(v.barcode)) continue;
    holders.set(v.barcode, [...(holders.get(v.barcode) ?? []), v]);
  }
  const lines = [...holders].filter(([, vs]) => vs.length > 1)
    .map(([bc, vs]) => `- Barcode "${bc}" already assigned to product(s): ${formatList(vs.map((v) => variantDisplayName(env, v)))}`);
  if (lines.length) {
    throw userError(`Barcode(s) already assigned:\n\n${lines.join('\n')}\n\nNote: products that you don't have access to will not be shown above.`);
  }
}
