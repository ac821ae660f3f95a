// Odoo simulator over real XML-RPC: version, authentication, fault texts, access rights, message_post.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultOf as fault, xmlrpcCall as call } from './odoo-sim-helpers.js';
import { startOdooSimulator, type OdooSimulator } from '../../src/sandbox/odoo/index.js';

let sim: OdooSimulator;
const common = (method: string, params: unknown[]): Promise<unknown> => call(`${sim.url}/xmlrpc/2/common`, method, params);
const asUser = (uid: number, pw: string) => (model: string, method: string, args: unknown[], kw: Record<string, unknown> = {}): Promise<unknown> =>
  call(`${sim.url}/xmlrpc/2/object`, 'execute_kw', [sim.db, uid, pw, model, method, args, kw]);
let sync: ReturnType<typeof asUser>;
let admin: ReturnType<typeof asUser>;

beforeAll(async () => {
  sim = await startOdooSimulator({ integrationUser: { apiKey: 'key-123' } });
  sync = asUser(sim.integration.uid, sim.integration.password);
  admin = asUser(sim.admin.uid, sim.admin.password);
});
afterAll(() => sim.close());

describe('common service', () => {
  it('returns the exact Odoo 18 version info', async () => {
    expect(await common('version', [])).toEqual({
      server_version: '18.0-20250506', server_version_info: [18, 0, 0, 'final', 0, ''], server_serie: '18.0', protocol_version: 1,
    });
  });

  it('authenticates admin and the integration user to their uids', async () => {
    expect(await common('authenticate', ['odoo', 'admin', 'admin', {}])).toBe(2);
    expect(await common('authenticate', ['odoo', 'sync', 'sync-pass', {}])).toBe(6);
    expect(await common('login', ['odoo', 'sync', 'sync-pass'])).toBe(6);
  });

  it('answers false without a fault for a wrong password or an unknown login', async () => {
    expect(await common('authenticate', ['odoo', 'sync', 'wrong', {}])).toBe(false);
    expect(await common('authenticate', ['odoo', 'nobody', 'x', {}])).toBe(false);
  });

  it('accepts an API key in place of the password', async () => {
    expect(await common('authenticate', ['odoo', 'sync', 'key-123', {}])).toBe(6);
    expect(await asUser(6, 'key-123')('res.partner', 'search_count', [[]])).toBeTypeOf('number');
  });

  it('faults with code 1 and a psycopg2 last line for an unknown database', async () => {
    const f = await fault(common('authenticate', ['nodb', 'sync', 'sync-pass', {}]));
    expect(f.faultCode).toBe(1);
    expect(f.faultString.trim().split('\n').pop()).toBe(
      'psycopg2.OperationalError: connection to server at "127.0.0.1", port 5432 failed: FATAL:  database "nodb" does not exist');
  });
});

describe('execute_kw faults', () => {
  it('rejects a wrong password with code 3 Access Denied', async () => {
    const f = await fault(asUser(6, 'wrong-pass')('res.partner', 'search', [[]]));
    expect([f.faultCode, f.faultString]).toEqual([3, 'Access Denied']);
  });

  it('reports an unknown uid as a missing res.users record', async () => {
    const f = await fault(asUser(9999, 'sync-pass')('res.partner', 'search', [[]]));
    expect([f.faultCode, f.faultString]).toEqual([2, 'Record does not exist or has been deleted.\n(Record: res.users(9999,), User: 9999)']);
  });

  it('names a nonexistent model', async () => {
    const f = await fault(sync('x.no.such.model', 'search', [[]]));
    expect([f.faultCode, f.faultString]).toEqual([2, "Object x.no.such.model doesn't exist"]);
  });

  it('treats unknown and private methods as missing attributes', async () => {
    const a = await fault(sync('product.template', 'no_such_method', [[]]));
    const b = await fault(sync('product.product', '_get_variant_for_combination', [[]]));
    expect(a.faultString.trim().split('\n').pop()).toBe("AttributeError: The method 'product.template.no_such_method' does not exist");
    expect(b.faultString.trim().split('\n').pop()).toBe("AttributeError: The method 'product.product._get_variant_for_combination' does not exist");
    expect(a.faultCode).toBe(1);
  });

  it('gives the exact mandatory-field text for a template without name', async () => {
    const f = await fault(sync('product.template', 'create', [{ list_price: 1 }]));
    expect(f.faultCode).toBe(2);
    expect(f.faultString).toBe('The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n' +
      '- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n' +
      'Model: Product (product.template)\nField: Name (name)\n');
  });

  it('starts python tracebacks with the measured 15-line header', async () => {
    const f = await fault(sync('product.template', 'create', [{ name: 'x', no_such_field: 1 }]));
    const lines = f.faultString.trim().split('\n');
    expect(lines[0]).toBe('Traceback (most recent call last):');
    expect(lines[14]).toBe('    return execute(db, uid, obj, method, *args, **kw or {})');
    expect(lines.pop()).toBe("ValueError: Invalid field 'no_such_field' on model 'product.template'");
  });

  it('rejects the pre-18 product type value', async () => {
    const f = await fault(sync('product.template', 'create', [{ name: 'x', type: 'product' }]));
    expect(f.faultString.trim().split('\n').pop()).toBe("ValueError: Wrong value for product.template.type: 'product'");
  });

  it('faults on writing a missing record but reads it as an empty list', async () => {
    const f = await fault(sync('product.template', 'write', [[99999999], { name: 'x' }]));
    expect([f.faultCode, f.faultString]).toEqual([2, 'Record does not exist or has been deleted.\n(Record: product.template(99999999,), User: 6)']);
    expect(await sync('product.template', 'read', [[99999999], ['name']])).toEqual([]);
  });

  it('rejects an image that is not base64', async () => {
    const tid = sim.store.create('product.template', { name: 'Img' });
    const f = await fault(sync('product.template', 'write', [[tid], { image_1920: 'not-base64-image!!' }]));
    expect([f.faultCode, f.faultString]).toEqual([2, 'Image is not encoded in base64.']);
  });

  it('refuses a second product with the same barcode, naming both products', async () => {
    await sync('product.product', 'create', [{ name: 'Barcode A 233751', barcode: '990233751001' }]);
    const f = await fault(sync('product.product', 'create', [{ name: 'Barcode B 233751', barcode: '990233751001' }]));
    expect(f.faultCode).toBe(2);
    expect(f.faultString).toBe('Barcode(s) already assigned:\n\n- Barcode "990233751001" already assigned to product(s): ' +
      "Barcode A 233751 and Barcode B 233751\n\nNote: products that you don't have access to will not be shown above.");
    expect(await sync('product.product', 'search', [[['name', '=', 'Barcode B 233751']]])).toEqual([]);
  });

  it('commits a method returning None and then faults on marshalling', async () => {
    const vendor = sim.seedVendor();
    const { variantId } = sim.seedProduct({ name: 'Cancel me' });
    const po = sim.seedPurchaseOrder({ partnerId: vendor, lines: [{ productId: variantId, qty: 1, price: 1 }] });
    const f = await fault(sync('purchase.order', 'button_cancel', [[po]]));
    expect(f.faultString.trim().split('\n').pop()).toBe('TypeError: cannot marshal None unless allow_none is enabled');
    expect(sim.store.get('purchase.order', po, ['state'])?.state).toBe('cancel');
  });
});

describe('other entry points', () => {
  it('serves the legacy execute with positional arguments', async () => {
    const ids = await call(`${sim.url}/xmlrpc/2/object`, 'execute', [sim.db, 6, 'sync-pass', 'res.currency', 'search', [['name', '=', 'USD']]]);
    expect(ids).toEqual([1]);
  });

  it('describes fields with the requested attributes only', async () => {
    const fields = await sync('product.template', 'fields_get', [['type', 'categ_id']], { attributes: ['string', 'type', 'required', 'relation', 'selection'] });
    expect(fields).toEqual({
      type: { string: 'Product Type', type: 'selection', required: true, selection: [['consu', 'Goods'], ['service', 'Service'], ['combo', 'Combo']] },
      categ_id: { string: 'Product Category', type: 'many2one', required: true, relation: 'product.category' },
    });
  });
});

describe('access rights', () => {
  it('forbids the integration user to modify res.users with the exact text', async () => {
    const f = await fault(sync('res.users', 'write', [[2], { name: 'hacked' }]));
    expect(f.faultCode).toBe(4);
    expect(f.faultString).toBe("You are not allowed to modify 'User' (res.users) records.\n\nThis operation is allowed for the " +
      'following groups:\n\t- Administration/Access Rights\n\nContact your administrator to request access if necessary.');
  });

  it('lets a user write its own signature', async () => {
    expect(await sync('res.users', 'write', [[6], { signature: 'Sync bot' }])).toBe(true);
  });

  it('forbids activating a currency and adding rates to the integration user', async () => {
    const a = await fault(sync('res.currency', 'write', [[6], { active: true }]));
    const b = await fault(sync('res.currency.rate', 'create', [{ currency_id: 6, rate: 7.2, name: '2026-01-01' }]));
    expect(a.faultString).toContain("You are not allowed to modify 'Currency' (res.currency) records.");
    expect(a.faultString).toContain('\t- Administration/Settings\n\t- Invoicing/Administrator');
    expect(b.faultString).toContain("You are not allowed to create 'Currency Rate' (res.currency.rate) records.");
  });

  it('lets admin activate CNY and add a rate that the integration user then reads', async () => {
    await admin('res.currency', 'write', [[6], { active: true }]);
    await admin('res.currency.rate', 'create', [{ currency_id: 6, rate: 7.2, name: '2026-01-02' }]);
    const [cny] = await sync('res.currency', 'read', [[6], ['name', 'active', 'rate', 'inverse_rate']]) as Record<string, unknown>[];
    expect(cny).toEqual({ id: 6, name: 'CNY', active: true, rate: 7.2, inverse_rate: 1 / 7.2 });
  });

  it('hides ir.model.fields from the integration user', async () => {
    const f = await fault(sync('ir.model.fields', 'search_read', [[]], { limit: 1 }));
    expect(f.faultString.split('\n')[0]).toBe("You are not allowed to access 'Fields' (ir.model.fields) records.");
  });
});

describe('message_post', () => {
  let po: number;
  beforeAll(() => {
    const vendor = sim.seedVendor();
    const { variantId } = sim.seedProduct({ name: 'Chatter product' });
    po = sim.seedPurchaseOrder({ partnerId: vendor, lines: [{ productId: variantId, qty: 2, price: 3 }] });
  });

  it('stores an escaped body in a paragraph as an internal note and returns the message id', async () => {
    const mid = await sync('purchase.order', 'message_post', [[po]], { body: '<b>hello</b> from sync', message_type: 'comment' });
    expect(mid).toBeTypeOf('number');
    const [msg] = await sync('mail.message', 'read', [[mid], ['body', 'subtype_id', 'model', 'res_id']]) as Record<string, unknown>[];
    expect(msg).toMatchObject({ body: '<p>&lt;b&gt;hello&lt;/b&gt; from sync</p>', subtype_id: [2, 'Note'], model: 'purchase.order', res_id: po });
  });

  it('refuses a positional body', async () => {
    const f = await fault(sync('purchase.order', 'message_post', [[po], 'hello']));
    expect(f.faultString.trim().split('\n').pop()).toBe('TypeError: PurchaseOrder.message_post() takes 1 positional argument but 2 were given');
  });

  it('refuses two records at once', async () => {
    const f = await fault(sync('purchase.order', 'message_post', [[po, po + 1000]], { body: 'x' }));
    expect(f.faultCode).toBe(1);
    expect(f.faultString).toContain('ValueError: too many values to unpack (expected 1)');
  });

  it('refuses to post for a user without email', async () => {
    const noMail = await startOdooSimulator({ integrationUser: { email: false } });
    try {
      const vendor = noMail.seedVendor();
      const f = await fault(call(`${noMail.url}/xmlrpc/2/object`, 'execute_kw',
        [noMail.db, 6, 'sync-pass', 'res.partner', 'message_post', [[vendor]], { body: 'x' }]));
      expect([f.faultCode, f.faultString]).toEqual([2, "Unable to send message, please configure the sender's email address."]);
    } finally {
      await noMail.close();
    }
  });
});
