// Reading raw field values (stored, computed, related, one2many) and display names of records.
import type { Env, FieldDef, Rec, Val } from './types.js';
import { emptyValue } from './fields.js';

/** Raw value of a field: many2one id or false, x2many id list, scalars as stored. */
export function rawValue(env: Env, model: string, rec: Rec, name: string, fd?: FieldDef): Val {
  const f = fd ?? env.registry.field(model, name);
  if (!f) return false;
  if (name === 'id') return rec.id;
  if (name === 'display_name') return displayName(env, model, rec);
  if (f.compute) return f.compute(env, rec);
  if (f.related) {
    const [via, target] = f.related;
    const viaField = env.registry.field(model, via);
    const tid = rec[via];
    if (!viaField?.relation || typeof tid !== 'number') return emptyValue(f);
    const trec = env.store.get(viaField.relation, tid);
    return trec ? rawValue(env, viaField.relation, trec, target) : emptyValue(f);
  }
  if (f.type === 'one2many') return one2manyIds(env, f, rec.id);
  const v = rec[name];
  return v === undefined ? emptyValue(f) : v;
}

/** one2many ids, hiding archived comodel records like Odoo's active_test. */
export function one2manyIds(env: Env, f: FieldDef, id: number): number[] {
  if (!f.relation || !f.inverseName) return [];
  const ids = env.store.referencing(f.relation, f.inverseName, id);
  if (env.context.active_test === false || !env.registry.field(f.relation, 'active')) return ids;
  return ids.filter((i) => env.store.get(f.relation as string, i)?.active !== false);
}

export function displayName(env: Env, model: string, rec: Rec): string {
  const def = env.registry.model(model) ?? env.registry.allDefs().find((d) => d.name === model);
  if (def?.displayName) return def.displayName(env, rec);
  const v = rec[def?.recName ?? 'name'];
  return typeof v === 'string' ? v : `${model},${rec.id}`;
}

export function nameOf(env: Env, model: string, id: Val | undefined): string {
  if (typeof id !== 'number') return '';
  const rec = env.store.get(model, id);
  return rec ? displayName(env, model, rec) : '';
}

/** many2one as read() returns it: [id, display_name] or false. */
export function m2oPair(env: Env, model: string, id: Val): Val {
  if (typeof id !== 'number') return false;
  const rec = env.store.get(model, id);
  return rec ? [id, displayName(env, model, rec)] : false;
}

export function str(v: Val | undefined): string {
  return typeof v === 'string' ? v : '';
}

export function num(v: Val | undefined): number {
  return typeof v === 'number' ? v : 0;
}

export function ids(v: Val | undefined): number[] {
  return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [];
}

/** Python str() of a scalar value; containers via their repr. */
export function asText(v: Val | undefined): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return JSON.stringify(v);
}
