// Odoo domains: normalisation with Odoo's arity checks and error texts, and evaluation against records.
import type { Env, FieldDef, Rec, Val } from './types.js';
import { pythonFault, pyRepr } from './faults.js';
import { asText, rawValue } from './values.js';

export type DNode =
  | { kind: 'and' | 'or'; a: DNode; b: DNode }
  | { kind: 'not'; a: DNode }
  | { kind: 'const'; value: boolean }
  | { kind: 'leaf'; path: string[]; op: string; value: Val; sub?: DNode };

const OPERATORS = new Set([
  '=', '!=', '<=', '<', '>', '>=', '=?', '=like', '=ilike', 'like', 'not like', 'ilike', 'not ilike',
  'in', 'not in', 'child_of', 'parent_of', 'any', 'not any',
]);
const NEGATIVE = new Set(['!=', 'not like', 'not ilike', 'not in', 'not any']);
const POSITIVE_OF: Record<string, string> = {
  '!=': '=', 'not like': 'like', 'not ilike': 'ilike', 'not in': 'in', 'not any': 'any',
};

export function parseDomain(env: Env, model: string, domain: Val): DNode {
  if (!Array.isArray(domain)) {
    throw pythonFault("AssertionError: Domains to normalize must have a 'domain' form: a list or tuple of domain components", 43);
  }
  if (domain.length === 0) return { kind: 'const', value: true };
  // Odoo's normalize_domain: count expected operands, prefixing implicit '&'.
  const tokens: Val[] = [];
  let expected = 1;
  for (const t of domain) {
    if (expected === 0) {
      tokens.unshift('&');
      expected = 1;
    }
    if (Array.isArray(t)) expected -= 1;
    else expected += (t === '!' ? 1 : t === '&' || t === '|' ? 2 : 0) - 1;
    tokens.push(t);
  }
  if (expected !== 0) throw pythonFault(`ValueError: Domain ${pyRepr(domain)} is syntactically not correct.`, 43);
  const stack: DNode[] = [];
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i] as Val;
    if (t === '!') stack.push({ kind: 'not', a: stack.pop() as DNode });
    else if (t === '&' || t === '|') {
      const a = stack.pop() as DNode;
      const b = stack.pop() as DNode;
      stack.push({ kind: t === '&' ? 'and' : 'or', a, b });
    } else if (Array.isArray(t)) stack.push(parseLeaf(env, model, t));
    else throw pythonFault(`ValueError: Invalid leaf ${pyRepr(t)}`, 49);
  }
  if (stack.length !== 1) throw pythonFault(`ValueError: Domain ${pyRepr(domain)} is syntactically not correct.`, 43);
  return stack[0] as DNode;
}

function parseLeaf(env: Env, model: string, leaf: Val[]): DNode {
  if (leaf.length < 3) throw pythonFault(`ValueError: not enough values to unpack (expected 3, got ${leaf.length})`, 50);
  if (leaf.length > 3) throw pythonFault('ValueError: too many values to unpack (expected 3)', 50);
  const [left, rawOp, value] = leaf as [Val, Val, Val];
  if ((left === 1 || left === 0) && rawOp === '=' && value === 1) return { kind: 'const', value: left === 1 };
  let op = typeof rawOp === 'string' ? rawOp.toLowerCase() : '';
  if (op === '<>') op = '!=';
  if (op === '==') op = '=';
  if (typeof left !== 'string' || !left || !OPERATORS.has(op)) {
    throw pythonFault(`ValueError: Invalid leaf ${pyRepr(leaf, true)}`, 49);
  }
  const path = left.split('.');
  let current = model;
  for (let i = 0; i < path.length; i++) {
    const f = env.registry.field(current, path[i] as string);
    if (!f) throw pythonFault(`ValueError: Invalid field ${current}.${path[i]} in leaf ${pyRepr(leaf, true)}`, 49);
    if (i < path.length - 1) {
      if (!f.relation) throw pythonFault(`ValueError: Invalid field ${current}.${path[i]} in leaf ${pyRepr(leaf, true)}`, 49);
      current = f.relation;
    }
  }
  if (op === 'any' || op === 'not any') {
    const last = env.registry.field(current, path[path.length - 1] as string) as FieldDef;
    return { kind: 'leaf', path, op, value, sub: parseDomain(env, last.relation ?? current, value) };
  }
  if (op === '=?') {
    if (value === false) return { kind: 'const', value: true };
    op = '=';
  }
  return { kind: 'leaf', path, op, value };
}

export function matches(env: Env, model: string, node: DNode, rec: Rec): boolean {
  switch (node.kind) {
    case 'const': return node.value;
    case 'and': return matches(env, model, node.a, rec) && matches(env, model, node.b, rec);
    case 'or': return matches(env, model, node.a, rec) || matches(env, model, node.b, rec);
    case 'not': return !matches(env, model, node.a, rec);
    case 'leaf': return matchLeaf(env, model, node, rec, 0);
  }
}

function matchLeaf(env: Env, model: string, leaf: Extract<DNode, { kind: 'leaf' }>, rec: Rec, depth: number): boolean {
  const name = leaf.path[depth] as string;
  const f = env.registry.field(model, name) as FieldDef;
  const value = rawValue(env, model, rec, name, f);
  if (depth < leaf.path.length - 1) {
    const targets = (Array.isArray(value) ? value : typeof value === 'number' ? [value] : []) as number[];
    const recs = targets.map((id) => env.store.get(f.relation as string, id)).filter((r): r is Rec => !!r);
    if (NEGATIVE.has(leaf.op) && f.type !== 'many2one') {
      const pos = { ...leaf, op: POSITIVE_OF[leaf.op] as string };
      return !recs.some((r) => matchLeaf(env, f.relation as string, pos, r, depth + 1));
    }
    return recs.some((r) => matchLeaf(env, f.relation as string, leaf, r, depth + 1));
  }
  if (leaf.op === 'any' || leaf.op === 'not any') {
    const targets = (Array.isArray(value) ? value : typeof value === 'number' ? [value] : []) as number[];
    const hit = targets.some((id) => {
      const r = env.store.get(f.relation as string, id);
      return !!r && !!leaf.sub && matches(env, f.relation as string, leaf.sub, r);
    });
    return leaf.op === 'any' ? hit : !hit;
  }
  if (leaf.op === 'child_of' || leaf.op === 'parent_of') {
    const relModel = name === 'id' ? model : f.relation ?? model;
    const wanted = hierarchy(env, relModel, leaf.value, leaf.op === 'child_of');
    const own = (Array.isArray(value) ? value : [value]);
    return own.some((v) => typeof v === 'number' && wanted.has(v));
  }
  return compare(env, f, value, leaf.op, leaf.value);
}

/** All records below (child_of) or above (parent_of) the given ids, inclusive. */
function hierarchy(env: Env, model: string, value: Val, down: boolean): Set<number> {
  const start = (Array.isArray(value) ? value : [value]).filter((v): v is number => typeof v === 'number');
  const parent = env.registry.model(model)?.parentName ?? 'parent_id';
  const out = new Set(start);
  if (down) {
    let frontier = start;
    while (frontier.length) {
      frontier = frontier.flatMap((id) => env.store.referencing(model, parent, id)).filter((id) => !out.has(id));
      frontier.forEach((id) => out.add(id));
    }
  } else {
    for (const id of start) {
      let cur = env.store.get(model, id)?.[parent];
      while (typeof cur === 'number' && !out.has(cur)) {
        out.add(cur);
        cur = env.store.get(model, cur)?.[parent];
      }
    }
  }
  return out;
}

function likeToRegExp(pattern: string, anchored: boolean, insensitive: boolean): RegExp {
  let re = '';
  for (const ch of pattern) {
    if (ch === '%') re += '.*';
    else if (ch === '_') re += '.';
    else re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(anchored ? `^${re}$` : re, insensitive ? 'is' : 's');
}

function compare(env: Env, f: FieldDef, value: Val, op: string, target: Val): boolean {
  const isX2m = f.type === 'one2many' || f.type === 'many2many';
  if (isX2m) {
    const own = value as number[];
    if (op === '=' || op === '!=') {
      const hit = target === false ? own.length === 0 : own.includes(target as number);
      return op === '=' ? hit : !hit;
    }
    if (op === 'in' || op === 'not in') {
      const list = Array.isArray(target) ? target : [target];
      const hit = own.some((i) => list.includes(i)) || (list.includes(false) && own.length === 0);
      return op === 'in' ? hit : !hit;
    }
    const names = own.map((id) => env.store.get(f.relation as string, id)).filter((r): r is Rec => !!r)
      .map((r) => asText(rawValue(env, f.relation as string, r, 'display_name')));
    const pos = POSITIVE_OF[op] ?? op;
    const hit = names.some((n) => scalarCompare(n, pos, target));
    return pos === op ? hit : !hit;
  }
  let v: Val = value;
  if (f.type === 'many2one' && typeof target === 'string' && typeof value === 'number' && op !== 'in' && op !== 'not in') {
    const r = env.store.get(f.relation as string, value);
    v = r ? asText(rawValue(env, f.relation as string, r, 'display_name')) : false;
  }
  if (f.type === 'boolean' && (op === '=' || op === '!=')) {
    const hit = (v === true) === (target === true || target === 1);
    return op === '=' ? hit : !hit;
  }
  return scalarCompare(v, op, target);
}

function scalarCompare(v: Val, op: string, target: Val): boolean {
  const empty = v === false;
  switch (op) {
    case '=': return target === false ? empty : v === target || (typeof v === 'number' && Number(target) === v && typeof target !== 'boolean');
    case '!=': return target === false ? !empty : !(v === target);
    case 'in': {
      const list = Array.isArray(target) ? target : [target];
      return empty ? list.includes(false) : list.some((t) => t === v);
    }
    case 'not in': {
      const list = Array.isArray(target) ? target : [target];
      return empty ? !list.includes(false) : !list.some((t) => t === v);
    }
    case '<': case '<=': case '>': case '>=': {
      if (empty || target === false) return false;
      const a = v as string | number;
      const b = typeof a === 'number' ? Number(target) : asText(target);
      return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
    }
    case 'like': case 'ilike': case 'not like': case 'not ilike': case '=like': case '=ilike': {
      const negative = op.startsWith('not');
      if (empty) return negative;
      const pattern = asText(target);
      const re = likeToRegExp(pattern, op.startsWith('='), op.includes('ilike'));
      const hit = re.test(asText(v));
      return negative ? !hit : hit;
    }
    default: return false;
  }
}
