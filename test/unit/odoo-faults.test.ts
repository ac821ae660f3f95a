import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { isNoneMarshalFault, lastLine, parseFault } from '../../src/odoo/faults.js';

// The first 15 lines of every Odoo 18 faultCode-1 traceback measured in ODOO18.md 2f.
const HEADER = `Traceback (most recent call last):
  File "/opt/odoo/odoo/addons/base/controllers/rpc.py", line 165, in xmlrpc_2
    response = self._xmlrpc(service)
               ^^^^^^^^^^^^^^^^^^^^^
  File "/opt/odoo/odoo/addons/base/controllers/rpc.py", line 139, in _xmlrpc
    result = dispatch_rpc(service, method, params)
             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  File "/opt/odoo/odoo/http.py", line 398, in dispatch_rpc
    return dispatch(method, params)
           ^^^^^^^^^^^^^^^^^^^^^^^^
  File "/opt/odoo/odoo/service/model.py", line 58, in dispatch
    res = execute_kw(db, uid, *params[3:])
          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  File "/opt/odoo/odoo/service/model.py", line 81, in execute_kw
    return execute(db, uid, obj, method, *args, **kw or {})
`;
const MIDDLE = '  File "/opt/odoo/odoo/models.py", line 1651, in search\n    return self.search_fetch(domain, [], offset=offset, limit=limit, order=order)\n';
const traceback = (last: string): string => `${HEADER}${MIDDLE.repeat(15)}${last}\n`;

describe('faultCode 2 (UserError, ValidationError, MissingError)', () => {
  it('2a: a nonexistent model is unknown_model naming the model', () => {
    const err = parseFault(2, "Object x.no.such.model doesn't exist");
    expect(err).toMatchObject({ kind: 'unknown_model', model: 'x.no.such.model', message: "Object x.no.such.model doesn't exist", exitCode: ExitCode.Internal });
  });

  it('2b: a create without name is missing_required with the model and the field', () => {
    const text =
      'The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n- Delete: another model requires the record being deleted. If possible, archive it instead.\n\nModel: Product (product.template)\nField: Name (name)\n';
    expect(parseFault(2, text)).toMatchObject({ kind: 'missing_required', model: 'product.template', field: 'name' });
  });

  it('2c: a duplicate barcode is unique with field barcode and the value', () => {
    const text =
      'Barcode(s) already assigned:\n\n- Barcode "990233751001" already assigned to product(s): Barcode A 233751 and Barcode B 233751\n\nNote: products that you don\'t have access to will not be shown above.';
    const err = parseFault(2, text);
    expect(err).toMatchObject({ kind: 'unique', field: 'barcode', value: '990233751001' });
    expect(err.message).toBe('Barcode "990233751001" already assigned to product(s): Barcode A 233751 and Barcode B 233751');
  });

  it('2c: the batch variant of the barcode fault gives the barcode as well', () => {
    const text =
      'Barcode(s) already assigned:\n\n- Barcode "9902337510019" already assigned to product(s): BC C and BC D\n\nNote: products that you don\'t have access to will not be shown above.';
    expect(parseFault(2, text)).toMatchObject({ kind: 'unique', value: '9902337510019' });
  });

  it('2e: a missing record names the model and the ids', () => {
    const err = parseFault(2, 'Record does not exist or has been deleted.\n(Record: product.template(99999999,), User: 6)');
    expect(err).toMatchObject({ kind: 'missing_record', model: 'product.template', value: '99999999' });
    expect(err.details).toMatchObject({ ids: [99999999], uid: 6 });
  });

  it('2e: an unknown uid is a missing res.users record', () => {
    expect(parseFault(2, 'Record does not exist or has been deleted.\n(Record: res.users(9999,), User: 9999)')).toMatchObject({
      kind: 'missing_record',
      model: 'res.users',
      value: '9999',
    });
  });

  it('2g: other code-2 messages are validation faults with the text as is', () => {
    expect(parseFault(2, 'Image is not encoded in base64.')).toMatchObject({ kind: 'validation', message: 'Image is not encoded in base64.' });
  });

  it('2g: message_post without a sender email is validation with a hint about the email', () => {
    const err = parseFault(2, "Unable to send message, please configure the sender's email address.");
    expect(err.kind).toBe('validation');
    expect(err.hint).toMatch(/email address/);
  });
});

describe('faultCode 3 and 4', () => {
  it('2e: Access Denied is bad_credentials, exits 3 and names the config options', () => {
    const err = parseFault(3, 'Access Denied');
    expect(err).toMatchObject({ kind: 'bad_credentials', exitCode: ExitCode.AuthNeeded });
    expect(err.hint).toMatch(/odoo\.login/);
    expect(err.hint).toMatch(/odoo\.password/);
    expect(err.hint).toMatch(/apiKey/);
  });

  it('2d: an access error keeps only the first line, with the model and the allowed groups', () => {
    const text =
      "You are not allowed to modify 'User' (res.users) records.\n\nThis operation is allowed for the following groups:\n\t- Administration/Access Rights\n\nContact your administrator to request access if necessary.";
    const err = parseFault(4, text);
    expect(err).toMatchObject({ kind: 'access', model: 'res.users', message: "You are not allowed to modify 'User' (res.users) records." });
    expect(err.details).toMatchObject({ groups: ['Administration/Access Rights'] });
    expect(err.hint).toContain('Administration/Access Rights');
  });

  it('2g: the contact-creation access error lists all four groups', () => {
    const text =
      "You are not allowed to create 'Contact' (res.partner) records.\n\nThis operation is allowed for the following groups:\n\t- Extra Rights/Contact Creation\n\t- Inventory/Administrator\n\t- Purchase/Administrator\n\t- Sales/Administrator\n\nContact your administrator to request access if necessary.";
    const err = parseFault(4, text);
    expect(err.model).toBe('res.partner');
    expect((err.details as { groups: string[] }).groups).toHaveLength(4);
  });
});

describe('faultCode 1 (Python exceptions with a traceback)', () => {
  it.each([
    ["ValueError: not enough values to unpack (expected 3, got 2)", 'server'],
    ["ValueError: Invalid leaf ('name', 'bogus', 'x')", 'server'],
    ["AssertionError: Domains to normalize must have a 'domain' form: a list or tuple of domain components", 'server'],
    ["ValueError: Domain ['&', ['name', '=', 'x']] is syntactically not correct.", 'server'],
    ["ValueError: Wrong value for product.template.type: 'product'", 'server'],
    ['TypeError: PurchaseOrder.message_post() takes 1 positional argument but 2 were given', 'server'],
    ['ValueError: too many values to unpack (expected 1)', 'server'],
  ])('shows only the last line %s', (last, kind) => {
    const err = parseFault(1, traceback(last));
    expect(err.kind).toBe(kind);
    expect(err.message).toBe(last);
    expect(err.message).not.toContain('Traceback');
    expect(JSON.stringify(err.details)).not.toContain('rpc.py');
  });

  it('2f: an unknown field in a domain leaf is invalid_field with model and field', () => {
    const err = parseFault(1, traceback("ValueError: Invalid field product.template.no_such_field in leaf ('no_such_field', '=', 1)"));
    expect(err).toMatchObject({ kind: 'invalid_field', model: 'product.template', field: 'no_such_field' });
  });

  it('2g: an unknown field in create values is invalid_field with model and field', () => {
    const err = parseFault(1, traceback("ValueError: Invalid field 'no_such_field' on model 'product.template'"));
    expect(err).toMatchObject({ kind: 'invalid_field', model: 'product.template', field: 'no_such_field' });
  });

  it.each(['product.template.no_such_method', 'product.product._get_variant_for_combination'])('2g: %s is unknown_method', (name) => {
    const err = parseFault(1, traceback(`AttributeError: The method '${name}' does not exist`));
    expect(err.kind).toBe('unknown_method');
    expect(err.model).toBe(name.slice(0, name.lastIndexOf('.')));
    expect(err.value).toBe(name.slice(name.lastIndexOf('.') + 1));
  });

  it('1: an unknown database is a server fault pointing at odoo.database', () => {
    const last = 'psycopg2.OperationalError: connection to server at "127.0.0.1", port 5432 failed: FATAL:  database "nodb" does not exist';
    const err = parseFault(1, traceback(last));
    expect(err).toMatchObject({ kind: 'server', message: last });
    expect(err.hint).toMatch(/odoo\.database.*nodb/);
  });

  it('2g: recognises the None marshalling fault of button_cancel', () => {
    expect(isNoneMarshalFault(1, traceback('TypeError: cannot marshal None unless allow_none is enabled'))).toBe(true);
    expect(isNoneMarshalFault(1, traceback('TypeError: unhashable type: list'))).toBe(false);
    expect(isNoneMarshalFault(2, 'cannot marshal None unless allow_none is enabled')).toBe(false);
  });

  it('takes the last non-empty line whatever the trailing whitespace', () => {
    expect(lastLine('a\nb\n\n  \n')).toBe('b');
  });
});

describe('context', () => {
  it('fills the model from the call when the text does not name one', () => {
    expect(parseFault(2, 'Image is not encoded in base64.', { model: 'product.template', method: 'write' })).toMatchObject({
      model: 'product.template',
      details: { method: 'write' },
    });
  });

  it('uses the caller credentials hint for refused logins', () => {
    expect(parseFault(3, 'Access Denied', { credentialsHint: 'check --admin-login' }).hint).toBe('check --admin-login');
  });
});
