// execute_kw method table: Python-like argument binding for the public ORM methods and model methods.
import type { Env, ModelDef, Val, Vals } from './types.js';
import { checkAccess, hasAccess } from './access.js';
import { noSuchMethod, pythonFault, pyRepr } from './faults.js';
import { messagePost } from './mail.js';
import { fieldsGet, nameSearch, read, searchIds } from './orm-read.js';
import { create, unlink, write } from './orm-write.js';
import { asText } from './values.js';

type Op = 'read' | 'write' | 'create' | 'unlink';
interface Generic {
  params: string[];
  /** Record methods take the ids as first positional argument. */
  onRecords: boolean;
  run: (env: Env, model: string, ids: number[], a: Record<string, Val | undefined>) => Val | undefined;
}

const num = (v: Val | undefined, d: number): number => (typeof v === 'number' ? v : d);
const opOf = (v: Val | undefined): Op => {
  const s = v === undefined ? 'read' : asText(v);
  if (s === 'read' || s === 'write' || s === 'create' || s === 'unlink') return s;
  throw pythonFault(`ValueError: Invalid access mode ${pyRepr(v ?? false)}`);
};

const GENERIC: Record<string, Generic> = {
  search: { params: ['domain', 'offset', 'limit', 'order'], onRecords: false,
    run: (env, m, _i, a) => searchIds(env, m, a.domain ?? [], { offset: num(a.offset, 0), limit: num(a.limit, 0), order: typeof a.order === 'string' ? a.order : false }) },
  search_read: { params: ['domain', 'fields', 'offset', 'limit', 'order'], onRecords: false,
    run: (env, m, _i, a) => read(env, m, searchIds(env, m, a.domain || [], { offset: num(a.offset, 0), limit: num(a.limit, 0), order: typeof a.order === 'string' ? a.order : false }), a.fields) },
  search_count: { params: ['domain', 'limit'], onRecords: false,
    run: (env, m, _i, a) => searchIds(env, m, a.domain ?? [], { limit: num(a.limit, 0) }).length },
  read: { params: ['fields', 'load'], onRecords: true, run: (env, m, ids, a) => read(env, m, ids, a.fields) },
  create: { params: ['vals_list'], onRecords: false, run: (env, m, _i, a) => {
    const v = a.vals_list;
    if (Array.isArray(v)) return create(env, m, v as Vals[]);
    if (typeof v === 'object') return create(env, m, [v])[0];
    throw pythonFault(`AttributeError: '${typeof v === 'string' ? 'str' : 'int'}' object has no attribute 'keys'`);
  } },
  write: { params: ['vals'], onRecords: true, run: (env, m, ids, a) => {
    if (typeof a.vals !== 'object' || Array.isArray(a.vals)) throw pythonFault("AttributeError: 'list' object has no attribute 'items'");
    write(env, m, ids, a.vals);
    return true;
  } },
  unlink: { params: [], onRecords: true, run: (env, m, ids) => (unlink(env, m, ids), true) },
  fields_get: { params: ['allfields', 'attributes'], onRecords: false, run: (env, m, _i, a) => fieldsGet(env, m, a.allfields ?? false, a.attributes ?? false) },
  name_search: { params: ['name', 'domain', 'operator', 'limit'], onRecords: false,
    run: (env, m, _i, a) => nameSearch(env, m, typeof a.name === 'string' ? a.name : '', a.domain ?? a.args ?? [], typeof a.operator === 'string' ? a.operator : 'ilike', num(a.limit, 100)) },
  exists: { params: [], onRecords: true, run: (env, m, ids) => ids.filter((i) => env.store.get(m, i)) },
  check_access_rights: { params: ['operation', 'raise_exception'], onRecords: false, run: (env, m, _i, a) => {
    if (a.raise_exception === false) return hasAccess(env, m, opOf(a.operation));
    checkAccess(env, m, opOf(a.operation));
    return true;
  } },
  has_access: { params: ['operation'], onRecords: true, run: (env, m, _i, a) => hasAccess(env, m, opOf(a.operation)) },
  check_access: { params: ['operation'], onRecords: true, run: (env, m, _i, a) => (checkAccess(env, m, opOf(a.operation)), undefined) },
};

function toIds(v: Val | undefined): number[] {
  if (typeof v === 'number') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return v;
  if (v === false || v === undefined || (Array.isArray(v) && v.length === 0)) return [];
  throw pythonFault(`TypeError: unhashable type: '${Array.isArray(v) ? 'list' : 'dict'}'`);
}

/** Runs one public method; returns undefined when the Python method returns None. */
export function callMethod(env: Env, def: ModelDef, method: string, args: Val[], kwargs: Vals): Val | undefined {
  const model = def.name;
  if (method.startsWith('_')) throw noSuchMethod(model, method);
  const kw = { ...kwargs };
  delete kw.context;
  if (method === 'message_post' && def.mailThread) return messagePost(env, model, toIds(args[0]), args.slice(1), kw);
  const special = def.methods?.[method];
  if (special) return special(env, toIds(args[0]), args.slice(1), kw);
  const g = GENERIC[method];
  if (!g) throw noSuchMethod(model, method);
  const rest = g.onRecords ? args.slice(1) : args;
  const ids = g.onRecords ? toIds(args[0]) : [];
  if (rest.length > g.params.length) {
    throw pythonFault(`TypeError: BaseModel.${method}() takes from 1 to ${g.params.length + 1} positional arguments but ${rest.length + 1} were given`);
  }
  const bound: Record<string, Val | undefined> = {};
  g.params.forEach((p, i) => (bound[p] = rest[i]));
  for (const [k, v] of Object.entries(kw)) {
    if (!g.params.includes(k) && !(method === 'name_search' && k === 'args')) {
      throw pythonFault(`TypeError: BaseModel.${method}() got an unexpected keyword argument '${k}'`);
    }
    bound[k] = v;
  }
  return g.run(env, model, ids, bound);
}
