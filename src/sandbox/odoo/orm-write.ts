// create / write / unlink with Odoo semantics: defaults, x2many commands, required fields, hooks, cascades.
import type { Env, FieldDef, Rec, Val, Vals } from './types.js';
import { checkAccess, SELF_WRITEABLE } from './access.js';
import { convertValue } from './convert.js';
import { invalidField, mandatoryField, missingRecord, pythonFault, pyRepr } from './faults.js';
import { isStored } from './fields.js';
import { ids as idList, rawValue } from './values.js';

const MAGIC = new Set(['id', 'display_name', 'create_date', 'write_date', 'create_uid', 'write_uid']);

function modelDef(env: Env, model: string) {
  const def = env.registry.model(model);
  if (!def) throw pythonFault(`KeyError: '${model}'`);
  return def;
}

function applyDefaults(env: Env, model: string, vals: Vals): Vals {
  const out: Vals = { ...vals };
  for (const [name, f] of env.registry.fields(model)) {
    if (name in out || f.default === undefined) continue;
    out[name] = typeof f.default === 'function' ? f.default(env, out) : f.default;
  }
  return out;
}

function checkFields(env: Env, model: string, vals: Vals): void {
  const fields = env.registry.fields(model);
  for (const name of Object.keys(vals)) if (!fields.has(name)) throw invalidField(name, model);
}

function checkRequired(env: Env, model: string, rec: Rec): void {
  for (const [name, f] of env.registry.fields(model)) {
    if (!f.required || !isStored(f) || f.type === 'many2many' || f.type === 'boolean') continue;
    const v = rec[name];
    if (v === false || v === undefined || v === '') {
      const def = modelDef(env, model);
      throw mandatoryField(def.description, model, f.string, name);
    }
  }
}

export function create(env: Env, model: string, valsList: Vals[]): number[] {
  checkAccess(env, model, 'create');
  const def = modelDef(env, model);
  const created: number[] = [];
  const fullVals: Vals[] = [];
  for (const raw of valsList) {
    if (typeof raw !== 'object' || Array.isArray(raw)) {
      throw pythonFault(`ValueError: dictionary update sequence element #0 has length 1; 2 is required (${pyRepr(raw)})`);
    }
    checkFields(env, model, raw);
    const vals = applyDefaults(env, model, raw);
    def.prepareCreate?.(env, vals);
    const fields = env.registry.fields(model);
    const id = env.store.allocateId(model);
    const now = env.now();
    const rec: Rec = { id, create_date: now, write_date: now, create_uid: env.uid, write_uid: env.uid };
    const deferred: [string, FieldDef, Val][] = [];
    for (const [name, value] of Object.entries(vals)) {
      const f = fields.get(name) as FieldDef;
      if (MAGIC.has(name)) continue;
      if (isStored(f) && f.type !== 'many2many') rec[name] = convertValue(env, model, name, f, value);
      else deferred.push([name, f, value]);
    }
    env.store.insert(model, rec);
    for (const [name, f, value] of deferred) setSpecial(env, model, id, name, f, value);
    checkRequired(env, model, env.store.get(model, id) as Rec);
    created.push(id);
    fullVals.push(vals);
  }
  def.afterCreate?.(env, created, fullVals);
  def.constrain?.(env, created);
  return created;
}

export function write(env: Env, model: string, ids: number[], vals: Vals): void {
  const def = modelDef(env, model);
  if (!(model === 'res.users' && ids.every((i) => i === env.uid) && Object.keys(vals).every((k) => SELF_WRITEABLE.has(k)))) {
    checkAccess(env, model, 'write');
  }
  checkFields(env, model, vals);
  const missing = ids.filter((i) => !env.store.get(model, i));
  if (missing.length) throw missingRecord(model, missing, env.uid);
  const fields = env.registry.fields(model);
  for (const id of ids) {
    const patch: Vals = { write_date: env.now(), write_uid: env.uid };
    const deferred: [string, FieldDef, Val][] = [];
    for (const [name, value] of Object.entries(vals)) {
      const f = fields.get(name) as FieldDef;
      if (MAGIC.has(name) || (f.compute && !f.setter)) continue;
      if (isStored(f) && f.type !== 'many2many') patch[name] = convertValue(env, model, name, f, value);
      else deferred.push([name, f, value]);
    }
    env.store.update(model, id, patch);
    for (const [name, f, value] of deferred) setSpecial(env, model, id, name, f, value);
    checkRequired(env, model, env.store.get(model, id) as Rec);
  }
  def.afterWrite?.(env, ids, vals);
  def.constrain?.(env, ids);
}

export function unlink(env: Env, model: string, ids: number[]): void {
  checkAccess(env, model, 'unlink');
  const def = modelDef(env, model);
  const missing = ids.filter((i) => !env.store.get(model, i));
  if (missing.length) throw missingRecord(model, missing, env.uid);
  def.beforeUnlink?.(env, ids);
  const sudo: Env = { ...env, sudo: true };
  for (const id of ids) {
    for (const [, f] of env.registry.fields(model)) {
      if (f.type !== 'one2many' || !f.relation || !f.inverseName || f.compute) continue;
      const children = env.store.referencing(f.relation, f.inverseName, id);
      if (children.length && env.registry.model(f.relation)) unlink(sudo, f.relation, children);
    }
    env.store.remove(model, id);
  }
  if (model === 'ir.model.fields') env.registry.invalidate();
}

/** x2many commands, related and computed-with-setter fields (applied after the row exists). */
function setSpecial(env: Env, model: string, id: number, name: string, f: FieldDef, value: Val): void {
  const rec = env.store.get(model, id) as Rec;
  if (f.setter) return f.setter(env, rec, value);
  if (f.related) {
    const [via, target] = f.related;
    const tid = rec[via];
    const viaField = env.registry.field(model, via);
    if (typeof tid === 'number' && viaField?.relation) write({ ...env, sudo: true }, viaField.relation, [tid], { [target]: value });
    return;
  }
  if (f.compute) return;
  if (f.type === 'many2many') {
    const current = idList(rec[name]);
    const next = applyCommands(env, f, current, value, null);
    env.store.update(model, id, { [name]: next });
  } else if (f.type === 'one2many') {
    const current = rawValue({ ...env, context: { ...env.context, active_test: false } }, model, rec, name, f) as number[];
    // Children learn who their parent is, so their hooks can leave parent-level work to the parent.
    applyCommands({ ...env, context: { ...env.context, _parent_model: model } }, f, current, value, id);
  }
}

function commandFault(cmd: Val): never {
  throw pythonFault(`ValueError: Invalid command ${pyRepr(cmd)}`);
}

/** Applies Odoo's (0..6) commands; for one2many `parentId` is set and links are the inverse field. */
function applyCommands(env: Env, f: FieldDef, current: number[], value: Val, parentId: number | null): number[] {
  const comodel = f.relation as string;
  const inverse = f.inverseName as string;
  let ids = [...current];
  const link = (id: number): void => {
    if (parentId !== null) write(env, comodel, [id], { [inverse]: parentId });
    if (!ids.includes(id)) ids.push(id);
  };
  const unlinkOne = (id: number): void => {
    if (parentId !== null) {
      const invField = env.registry.field(comodel, inverse);
      if (invField?.required) unlink(env, comodel, [id]);
      else write(env, comodel, [id], { [inverse]: false });
    }
    ids = ids.filter((x) => x !== id);
  };
  if (value === false) return parentId === null ? [] : (ids.forEach(unlinkOne), []);
  if (!Array.isArray(value)) return commandFault(value);
  if (value.every((v) => typeof v === 'number')) {
    value = [[6, 0, value]];
  }
  for (const cmd of value) {
    if (!Array.isArray(cmd) || typeof cmd[0] !== 'number') return commandFault(cmd);
    const [code, target, arg] = cmd as [number, Val, Val];
    switch (code) {
      case 0: {
        const vals = (typeof arg === 'object' && !Array.isArray(arg) ? arg : {});
        const [newId] = create(env, comodel, [parentId !== null ? { ...vals, [inverse]: parentId } : vals]);
        ids.push(newId as number);
        break;
      }
      case 1:
        write(env, comodel, [target as number], arg as Vals);
        break;
      case 2:
        unlink(env, comodel, [target as number]);
        ids = ids.filter((x) => x !== target);
        break;
      case 3:
        unlinkOne(target as number);
        break;
      case 4:
        link(target as number);
        break;
      case 5:
        [...ids].forEach(unlinkOne);
        break;
      case 6: {
        const wanted = idList(arg);
        [...ids].filter((x) => !wanted.includes(x)).forEach(unlinkOne);
        wanted.forEach(link);
        ids = [...wanted];
        break;
      }
      default:
        commandFault(cmd);
    }
  }
  return ids;
}
