// Pure: classifies an Odoo XML-RPC fault {faultCode, faultString} into an OdooFaultError; tracebacks never leak.
import { OdooFaultError } from '../errors.js';

/** Where the call came from, so the error can name the model and method when Odoo's text does not. */
export interface FaultContext {
  model?: string | undefined;
  method?: string | undefined;
  /** Hint for bad credentials: which options or flags hold the login (default: the config's odoo.*). */
  credentialsHint?: string | undefined;
}

export const DEFAULT_CREDENTIALS_HINT =
  'check odoo.login and odoo.password (or odoo.apiKey) in the config, and that the user is active in Odoo';

const NONE_MARSHAL = /cannot marshal None unless allow_none is enabled/;

/** The useful line of a Python traceback: its last non-empty line. */
export function lastLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
  return lines[lines.length - 1]?.trim() ?? '';
}

function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
}

/** True for the fault Odoo sends when a method returned None: the work was committed, only the reply failed. */
export function isNoneMarshalFault(faultCode: number, faultString: string): boolean {
  return faultCode === 1 && NONE_MARSHAL.test(lastLine(faultString));
}

/** Parses the ids of `(Record: product.template(99999999,), User: 6)` or `res.users(1, 2)`. */
function parseIds(list: string): number[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => /^\d+$/.test(s))
    .map(Number);
}

export function parseFault(faultCode: number, faultString: string, context: FaultContext = {}): OdooFaultError {
  const text = faultString.replace(/\r\n/g, '\n');
  const details = { faultCode, model: context.model, method: context.method };
  const make = (
    kind: ConstructorParameters<typeof OdooFaultError>[0],
    message: string,
    extra: { model?: string | undefined; field?: string | undefined; value?: string | undefined; hint?: string; more?: Record<string, unknown> } = {},
  ): OdooFaultError =>
    new OdooFaultError(kind, faultCode, message, {
      model: extra.model ?? context.model,
      field: extra.field,
      value: extra.value,
      hint: extra.hint,
      details: { ...details, ...extra.more },
    });

  if (faultCode === 3) {
    return make('bad_credentials', `Odoo refused the credentials (${firstLine(text) || 'Access Denied'})`, {
      hint: context.credentialsHint ?? DEFAULT_CREDENTIALS_HINT,
    });
  }
  if (faultCode === 4) {
    const head = firstLine(text);
    const groups = [...text.matchAll(/^\s*-\s+(.+)$/gm)].map((m) => m[1]!.trim());
    const model = /\(([a-z0-9_.]+)\) records/.exec(head)?.[1];
    return make('access', head, {
      model,
      hint: groups.length > 0 ? `give the Odoo user one of these groups: ${groups.join(', ')}` : 'ask an Odoo administrator for access',
      more: { groups },
    });
  }
  if (faultCode === 2) return parseUserError(text, make);
  // faultCode 1 (and anything unknown): a Python traceback whose last line says what happened.
  const last = lastLine(text) || `fault ${faultCode}`;
  const method = /^AttributeError: The method '([a-z0-9_.]+)\.([A-Za-z0-9_]+)' does not exist$/.exec(last);
  if (method) return make('unknown_method', last, { model: method[1], value: method[2] });
  const onModel = /^ValueError: Invalid field '([^']+)' on model '([^']+)'$/.exec(last);
  if (onModel) return make('invalid_field', last, { model: onModel[2], field: onModel[1] });
  const inLeaf = /^ValueError: Invalid field ([a-z0-9_.]+)\.([a-z0-9_]+) in leaf /.exec(last);
  if (inLeaf) return make('invalid_field', last, { model: inLeaf[1], field: inLeaf[2] });
  const noDb = /database "([^"]+)" does not exist/.exec(last);
  if (noDb) return make('server', last, { hint: `check odoo.database: Odoo has no database named "${noDb[1]}"` });
  return make('server', last, { more: { tracebackLines: text.split('\n').filter((l) => l !== '').length } });
}

type Make = (
  kind: ConstructorParameters<typeof OdooFaultError>[0],
  message: string,
  extra?: { model?: string | undefined; field?: string | undefined; value?: string | undefined; hint?: string; more?: Record<string, unknown> },
) => OdooFaultError;

/** faultCode 2: UserError / ValidationError / MissingError, whose text is Odoo's message as is. */
function parseUserError(text: string, make: Make): OdooFaultError {
  const message = text.trim();
  const unknownModel = /^Object (\S+) doesn't exist$/.exec(message);
  if (unknownModel) return make('unknown_model', message, { model: unknownModel[1], hint: 'is the Odoo module that defines it installed?' });

  if (message.startsWith('Record does not exist or has been deleted.')) {
    const rec = /\(Record: ([a-z0-9_.]+)\(([^)]*)\), User: (\d+)\)/.exec(message);
    return make('missing_record', message.split('\n').join(' '), {
      model: rec?.[1],
      value: rec?.[2] ? parseIds(rec[2]).join(',') : undefined,
      more: { ids: rec?.[2] ? parseIds(rec[2]) : [], uid: rec?.[3] ? Number(rec[3]) : undefined },
    });
  }

  if (/a mandatory field is not set/.test(message)) {
    const model = /^Model: .*\(([a-z0-9_.]+)\)$/m.exec(message)?.[1];
    const field = /^Field: .*\(([a-z0-9_]+)\)$/m.exec(message)?.[1];
    if (field) {
      return make('missing_required', `${model ?? 'a record'}: the required field ${field} is not set`, { model, field });
    }
    const constraint = /^Constraint: (.+)$/m.exec(message)?.[1];
    return make('validation', `${model ?? 'a record'}: another record depends on it${constraint ? ` (${constraint})` : ''}`, {
      model,
      more: { constraint },
    });
  }

  const barcode = /Barcode "([^"]*)" already assigned/.exec(message);
  if (message.startsWith('Barcode(s) already assigned') || barcode) {
    const lines = message.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('- '));
    return make('unique', lines[0]?.slice(2) ?? firstLine(message), {
      field: 'barcode',
      value: barcode?.[1],
      more: { values: [...message.matchAll(/Barcode "([^"]*)"/g)].map((m) => m[1]) },
    });
  }

  if (message === "Unable to send message, please configure the sender's email address.") {
    return make('validation', message, { hint: "set an email address on the integration user's contact in Odoo (Settings > Users)" });
  }
  return make('validation', message);
}
