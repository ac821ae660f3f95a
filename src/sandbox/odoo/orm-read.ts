// search / read / fields_get / name_search with Odoo's ordering, active_test and value formatting.
import type { Env, FieldDef, Rec, Val, Vals } from './types.js';
import { checkAccess } from './access.js';
import { parseDomain, matches, type DNode } from './domain.js';
import { invalidField, pythonFault } from './faults.js';
import { displayName, m2oPair, rawValue } from './values.js';

export interface SearchOptions {
  offset?: number;
  limit?: number | false;
  order?: string | false;
}

function hasActiveLeaf(node: DNode): boolean {
  if (node.kind === 'leaf') return node.path[0] === 'active';
  if (node.kind === 'const') return false;
  if (node.kind === 'not') return hasActiveLeaf(node.a);
  return hasActiveLeaf(node.a) || hasActiveLeaf(node.b);
}

interface OrderTerm { field: string; desc: boolean }

function parseOrder(env: Env, model: string, order: string): OrderTerm[] {
  const terms: OrderTerm[] = [];
  for (const part of order.split(',')) {
    const m = /^\s*([a-z0-9_.]+)(?:\s+(asc|desc))?(?:\s+nulls\s+(?:first|last))?\s*$/i.exec(part);
    const field = m?.[1] ?? '';
    if (!m || !env.registry.field(model, field.split('.')[0] as string)) {
      throw pythonFault(`ValueError: Invalid "order" specified (${order}). A valid "order" specification is a ` +
        'comma-separated list of valid field names (optionally followed by asc/desc for the direction)');
    }
    terms.push({ field: field.split('.')[0] as string, desc: (m[2] ?? '').toLowerCase() === 'desc' });
  }
  return terms;
}

function sortKey(env: Env, model: string, rec: Rec, f: string): string | number | boolean {
  const fd = env.registry.field(model, f) as FieldDef;
  const v = rawValue(env, model, rec, f, fd);
  if (fd.type === 'many2one') {
    if (typeof v !== 'number') return false;
    const target = env.store.get(fd.relation as string, v);
    return target ? displayName(env, fd.relation as string, target).toLowerCase() : v;
  }
  if (typeof v === 'string') return v.toLowerCase();
  if (Array.isArray(v) || typeof v === 'object') return false;
  return v;
}

function compareKeys(a: string | number | boolean, b: string | number | boolean): number {
  // PostgreSQL: NULLs sort last in ascending order.
  if (a === false && b !== false) return 1;
  if (b === false && a !== false) return -1;
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Ids matching `domain`, ordered, with offset/limit; archived records hidden unless asked for. */
export function searchIds(env: Env, model: string, domain: Val, opts: SearchOptions = {}): number[] {
  checkAccess(env, model, 'read');
  let node = parseDomain(env, model, domain);
  const activeTest = env.context.active_test !== false && env.registry.field(model, 'active') && !hasActiveLeaf(node);
  if (activeTest) node = { kind: 'and', a: { kind: 'leaf', path: ['active'], op: '=', value: true }, b: node };
  const found: Rec[] = [];
  for (const rec of env.store.all(model)) if (matches(env, model, node, rec)) found.push(rec);
  const def = env.registry.model(model);
  const orderSpec = typeof opts.order === 'string' && opts.order.trim() ? opts.order : def?.order ?? 'id';
  const terms = parseOrder(env, model, orderSpec);
  if (!terms.some((t) => t.field === 'id')) terms.push({ field: 'id', desc: false });
  const keyed = found.map((rec) => ({ rec, keys: terms.map((t) => sortKey(env, model, rec, t.field)) }));
  keyed.sort((x, y) => {
    for (let i = 0; i < terms.length; i++) {
      const c = compareKeys(x.keys[i] as string, y.keys[i] as string);
      if (c) return (terms[i] as OrderTerm).desc ? -c : c;
    }
    return 0;
  });
  const offset = opts.offset ?? 0;
  const end = typeof opts.limit === 'number' && opts.limit > 0 ? offset + opts.limit : undefined;
  return keyed.slice(offset, end).map((k) => k.rec.id);
}

/** A field value as read() returns it. */
export function formatValue(env: Env, model: string, rec: Rec, name: string, f: FieldDef): Val {
  const v = rawValue(env, model, rec, name, f);
  if (f.type === 'many2one') return m2oPair(env, f.relation as string, v);
  if (f.type === 'one2many' || f.type === 'many2many') {
    return Array.isArray(v) ? v.filter((id) => typeof id === 'number' && env.store.get(f.relation as string, id)) : [];
  }
  if ((f.type === 'char' || f.type === 'text' || f.type === 'html') && v === '') return f.type === 'char' ? '' : v;
  return v;
}

export function read(env: Env, model: string, ids: number[], fieldNames?: Val): Vals[] {
  checkAccess(env, model, 'read');
  const fields = env.registry.fields(model);
  const names = Array.isArray(fieldNames) && fieldNames.length
    ? fieldNames.map(String)
    : [...fields].filter(([, f]) => f.type !== 'binary').map(([n]) => n);
  for (const n of names) if (!fields.has(n)) throw invalidField(n, model);
  const out: Vals[] = [];
  const seen = new Set<number>();
  for (const id of ids) {
    if (seen.has(id)) continue;
    seen.add(id);
    const rec = env.store.get(model, id);
    if (!rec) continue;
    const row: Vals = { id };
    for (const n of names) if (n !== 'id') row[n] = formatValue(env, model, rec, n, fields.get(n) as FieldDef);
    out.push(row);
  }
  return out;
}

const ALL_ATTRS = ['type', 'string', 'required', 'readonly', 'relation', 'selection', 'store', 'searchable', 'sortable', 'name', 'help'];

export function fieldsGet(env: Env, model: string, allfields: Val, attributes: Val): Record<string, Vals> {
  checkAccess(env, model, 'read');
  const attrs = Array.isArray(attributes) && attributes.length ? attributes.map(String) : ALL_ATTRS;
  const only = Array.isArray(allfields) && allfields.length ? new Set(allfields.map(String)) : undefined;
  const out: Record<string, Vals> = {};
  for (const [name, f] of env.registry.fields(model)) {
    if (only && !only.has(name)) continue;
    const stored = !f.compute && !f.related && f.type !== 'one2many';
    const desc: Vals = {};
    for (const a of attrs) {
      if (a === 'type') desc.type = f.type;
      else if (a === 'string') desc.string = f.string;
      else if (a === 'required') desc.required = !!f.required;
      else if (a === 'readonly') desc.readonly = !!f.readonly;
      else if (a === 'relation' && f.relation) desc.relation = f.relation;
      else if (a === 'relation_field' && f.inverseName) desc.relation_field = f.inverseName;
      else if (a === 'selection' && f.selection) desc.selection = f.selection;
      else if (a === 'store') desc.store = stored;
      else if (a === 'searchable') desc.searchable = true;
      else if (a === 'sortable') desc.sortable = stored;
      else if (a === 'name') desc.name = name;
    }
    out[name] = desc;
  }
  return out;
}

export function nameSearch(env: Env, model: string, name: string, domain: Val, operator: string, limit: number): Val[] {
  const base = Array.isArray(domain) ? domain : [];
  const fields = env.registry.fields(model);
  let ids: number[];
  if (!name) ids = searchIds(env, model, base, { limit });
  else if (fields.has('default_code') && (model === 'product.product' || model === 'product.template')) {
    const exact = searchIds(env, model, [...base, ['default_code', '=', name]], { limit });
    ids = exact.length ? exact : searchIds(env, model, [...base, '|', ['default_code', operator, name], ['name', operator, name]], { limit });
  } else {
    const rn = env.registry.model(model)?.recName ?? 'name';
    ids = searchIds(env, model, [...base, [fields.has(rn) ? rn : 'display_name', operator, name]], { limit });
  }
  return ids.map((id) => [id, displayName(env, model, env.store.get(model, id) as Rec)]);
}

