// Odoo's XML-RPC faults with their exact codes and texts (ODOO18.md section 2), and Python repr helpers.
import type { Val } from './types.js';

/** A fault the simulator answers with; `code` is the XML-RPC faultCode. */
export class OdooFault extends Error {
  constructor(readonly code: number, readonly faultString: string) {
    super(faultString);
    this.name = 'OdooFault';
  }
}

const TRACEBACK_HEADER = [
  'Traceback (most recent call last):',
  '  File "/opt/odoo/odoo/addons/base/controllers/rpc.py", line 165, in xmlrpc_2',
  '    response = self._xmlrpc(service)',
  '               ^^^^^^^^^^^^^^^^^^^^^',
  '  File "/opt/odoo/odoo/addons/base/controllers/rpc.py", line 139, in _xmlrpc',
  '    result = dispatch_rpc(service, method, params)',
  '             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
  '  File "/opt/odoo/odoo/http.py", line 398, in dispatch_rpc',
  '    return dispatch(method, params)',
  '           ^^^^^^^^^^^^^^^^^^^^^^^^',
  '  File "/opt/odoo/odoo/service/model.py", line 58, in dispatch',
  '    res = execute_kw(db, uid, *params[3:])',
  '          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
  '  File "/opt/odoo/odoo/service/model.py", line 81, in execute_kw',
  '    return execute(db, uid, obj, method, *args, **kw or {})',
];

const FILLER_FRAMES = [
  '  File "/opt/odoo/odoo/service/model.py", line 103, in execute',
  '    res = execute_cr(cr, uid, obj, method, *args, **kw)',
  '  File "/opt/odoo/odoo/service/model.py", line 87, in execute_cr',
  '    result = retrying(partial(odoo.api.call_kw, recs, method, args, kw), env)',
  '  File "/opt/odoo/odoo/service/model.py", line 185, in retrying',
  '    result = func()',
  '  File "/opt/odoo/odoo/api.py", line 517, in call_kw',
  '    result = getattr(recs, name)(*args, **kwargs)',
  '  File "/opt/odoo/odoo/models.py", line 1651, in search',
  '    return self.search_fetch(domain, [], offset=offset, limit=limit, order=order)',
];

/**
 * A Python exception (faultCode 1): the 15-line header measured on Odoo 18, filler frames up to
 * `totalLines`, then the useful message as the last line.
 */
export function pythonFault(lastLine: string, totalLines = 49, middle: string[] = []): OdooFault {
  const lines = [...TRACEBACK_HEADER];
  const fillerCount = Math.max(0, totalLines - lines.length - middle.length - 1);
  for (let i = 0; i < fillerCount; i++) lines.push(FILLER_FRAMES[i % FILLER_FRAMES.length] as string);
  lines.push(...middle, lastLine);
  return new OdooFault(1, lines.join('\n') + '\n');
}

/** UserError / ValidationError / MissingError: faultCode 2, message only. */
export function userError(message: string): OdooFault {
  return new OdooFault(2, message);
}

export function accessDenied(): OdooFault {
  return new OdooFault(3, 'Access Denied');
}

const OP_WORDS: Record<string, string> = { read: 'access', write: 'modify', create: 'create', unlink: 'delete' };

/** AccessError (faultCode 4) with the allowed groups, tab-indented like Odoo 18. */
export function accessError(op: string, description: string, model: string, groups: string[]): OdooFault {
  const head = `You are not allowed to ${OP_WORDS[op] ?? op} '${description}' (${model}) records.`;
  const body = groups.length
    ? `\n\nThis operation is allowed for the following groups:\n${groups.map((g) => `\t- ${g}`).join('\n')}`
    : '\n\nNo group currently allows this operation.';
  return new OdooFault(4, `${head}${body}\n\nContact your administrator to request access if necessary.`);
}

export function missingRecord(model: string, ids: number[], uid: number): OdooFault {
  return userError(`Record does not exist or has been deleted.\n(Record: ${model}${pyTupleOfIds(ids)}, User: ${uid})`);
}

/** Odoo's text for a NOT NULL or foreign-key violation; the last line names the field or the constraint. */
function integrityFault(modelDesc: string, model: string, what: string): OdooFault {
  return userError([
    'The operation cannot be completed:',
    '- Create/update: a mandatory field is not set.',
    '- Delete: another model requires the record being deleted. If possible, archive it instead.',
    '',
    `Model: ${modelDesc} (${model})`,
    what,
  ].join('\n') + '\n');
}

export function mandatoryField(modelDesc: string, model: string, label: string, field: string): OdooFault {
  return integrityFault(modelDesc, model, `Field: ${label} (${field})`);
}

export function foreignKeyFault(modelDesc: string, model: string, constraint: string): OdooFault {
  return integrityFault(modelDesc, model, `Constraint: ${constraint}`);
}

export function invalidField(field: string, model: string): OdooFault {
  return pythonFault(`ValueError: Invalid field '${field}' on model '${model}'`, 87, [
    `KeyError: '${field}'`,
    '',
    'During handling of the above exception, another exception occurred:',
    '',
  ]);
}

export function noSuchMethod(model: string, method: string): OdooFault {
  return pythonFault(`AttributeError: The method '${model}.${method}' does not exist`, 27);
}

/** Python tuple repr of an id list as in `res.users(9999,)`. */
export function pyTupleOfIds(ids: number[]): string {
  return ids.length === 1 ? `(${ids[0]},)` : `(${ids.join(', ')})`;
}

export function pyStr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r');
  return quote + (quote === "'" ? body.replace(/'/g, "\\'") : body) + quote;
}

/** Python repr of a value received over XML-RPC (lists stay lists, as Odoo receives them). */
export function pyRepr(v: Val, tuple = false): string {
  if (typeof v === 'string') return pyStr(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (Array.isArray(v)) {
    const items = v.map((x) => pyRepr(x));
    if (tuple) return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
    return `[${items.join(', ')}]`;
  }
  return `{${Object.entries(v).map(([k, x]) => `${pyStr(k)}: ${pyRepr(x)}`).join(', ')}}`;
}
