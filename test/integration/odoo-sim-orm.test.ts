// Odoo simulator ORM over XML-RPC: domains, ordering, x2many commands, atomic batches, custom fields.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOdooSimulator, type OdooSimulator } from '../../src/sandbox/odoo/index.js';
import { executor, faultOf, lastLine, type Exec, type Row } from './odoo-sim-helpers.js';

let sim: OdooSimulator;
let sync: Exec;
let admin: Exec;
const ids: Record<string, number> = {};

beforeAll(async () => {
  sim = await startOdooSimulator();
  sync = executor(sim);
  admin = executor(sim, 'admin');
  ids.a = sim.store.create('res.partner', { name: 'Alpha Trading', city: 'Shenzhen', is_company: true, supplier_rank: 3 });
  ids.b = sim.store.create('res.partner', { name: 'beta works', city: 'Ningbo', supplier_rank: 1, parent_id: ids.a });
  ids.c = sim.store.create('res.partner', { name: 'Gamma_50%', city: false, supplier_rank: 0, active: false });
});
afterAll(() => sim.close());

const search = (domain: unknown, kw: Record<string, unknown> = {}): Promise<unknown> =>
  sync('res.partner', 'search', [domain], kw);

describe('domains', () => {
  it.each([
    [[['name', '=', 'Alpha Trading']], ['a']],
    [[['name', 'ilike', 'ALPHA']], ['a']],
    [[['name', 'like', 'ALPHA']], []],
    [[['name', '=like', 'beta%']], ['b']],
    [[['name', '=ilike', 'BETA%']], ['b']],
    [[['name', 'not ilike', 'alpha'], ['supplier_rank', '>', 0]], ['b']],
    [[['supplier_rank', '>=', 3]], ['a']],
    [[['supplier_rank', '<', 3], ['supplier_rank', '>', 0]], ['b']],
    [[['city', 'in', ['Ningbo', 'Shenzhen']]], ['a', 'b']],
    [['|', ['city', '=', 'Ningbo'], ['city', '=', 'Shenzhen']], ['a', 'b']],
    [['!', ['city', '=', 'Ningbo'], ['supplier_rank', '>', 0]], ['a']],
    [[['parent_id', '=', false], ['supplier_rank', '>', 0]], ['a']],
    [[['parent_id.name', '=', 'Alpha Trading']], ['b']],
    [[['parent_id', 'child_of', 0]], []],
    [[['supplier_rank', '=?', false], ['city', '=', 'Ningbo']], ['b']],
  ])('search %j finds %j', async (domain, expected) => {
    const want = expected.map((k) => ids[k]).sort();
    const got = (await search(domain) as number[]).filter((i) => Object.values(ids).includes(i)).sort();
    expect(got).toEqual(want);
  });

  it('hides archived records unless the domain mentions active', async () => {
    expect(await search([['name', 'like', 'Gamma']])).toEqual([]);
    expect(await search([['name', 'like', 'Gamma'], ['active', '=', false]])).toEqual([ids.c]);
    expect(await search([['name', 'like', 'Gamma']], { context: { active_test: false } })).toEqual([ids.c]);
  });

  it('finds records by child_of over parent_id', async () => {
    expect((await search([['id', 'child_of', ids.a]]) as number[]).sort()).toEqual([ids.a, ids.b].sort());
  });

  it('orders, offsets and limits', async () => {
    const all = await sync('res.partner', 'search_read', [[['supplier_rank', '>', 0]]], { fields: ['name'], order: 'supplier_rank desc, name' }) as Row[];
    expect(all.map((r) => r.name)).toEqual(['Alpha Trading', 'beta works']);
    expect(await search([['supplier_rank', '>', 0]], { order: 'id desc', limit: 1, offset: 1 })).toEqual([ids.a]);
    expect(await sync('res.partner', 'search_count', [[['supplier_rank', '>', 0]]])).toBe(2);
  });

  it.each([
    [[['name', 'like']], 'ValueError: not enough values to unpack (expected 3, got 2)'],
    [[['no_such_field', '=', 1]], "ValueError: Invalid field res.partner.no_such_field in leaf ('no_such_field', '=', 1)"],
    [[['name', 'bogus', 'x']], "ValueError: Invalid leaf ('name', 'bogus', 'x')"],
    ['name = x', "AssertionError: Domains to normalize must have a 'domain' form: a list or tuple of domain components"],
    [['&', ['name', '=', 'x']], "ValueError: Domain ['&', ['name', '=', 'x']] is syntactically not correct."],
  ])('faults on the malformed domain %j', async (domain, last) => {
    const f = await faultOf(search(domain));
    expect([f.faultCode, lastLine(f)]).toEqual([1, last]);
  });

  it('reads many2one as [id, name], x2many as ids and missing values as false', async () => {
    const [row] = await sync('res.partner', 'read', [[ids.b], ['parent_id', 'child_ids', 'email', 'state_id']]) as Row[];
    expect(row).toEqual({ id: ids.b, parent_id: [ids.a, 'Alpha Trading'], child_ids: [], email: false, state_id: false });
  });

  it('reads Chinese provinces with Chinese names and codes', async () => {
    const pid = sim.store.create('res.partner', { name: 'GD vendor', state_id: 890, country_id: 48 });
    const [row] = await sync('res.partner', 'read', [[pid], ['state_id', 'country_id']]) as Row[];
    expect(row).toMatchObject({ state_id: [890, '广东省 (CN)'], country_id: [48, 'China'] });
    expect(await sync('res.country.state', 'search', [[['code', '=', 'GD']]])).toEqual([]);
  });
});

describe('create, write and x2many commands', () => {
  it('returns an int for a dict and a list for a list', async () => {
    expect(await sync('product.template', 'create', [{ name: 'Solo' }])).toBeTypeOf('number');
    const batch = await sync('product.template', 'create', [[{ name: 'Batch 1' }, { name: 'Batch 2' }]]) as number[];
    expect(batch).toHaveLength(2);
    expect(await sync('product.template', 'create', [[{ name: 'Batch 3' }]])).toHaveLength(1);
  });

  it('creates nothing when one row of a batch is bad', async () => {
    const before = sim.store.count('product.template');
    await faultOf(sync('product.template', 'create', [[{ name: 'Atomic 1' }, { name: 'Atomic 2', type: 'product' }]]));
    expect(sim.store.count('product.template')).toBe(before);
    expect(sim.store.search('product.template', [['name', 'like', 'Atomic']])).toEqual([]);
  });

  it('applies (0), (1), (2), (3), (4), (5) and (6) commands on many2many fields', async () => {
    const attr = await sync('product.attribute', 'create', [{ name: 'Material', value_ids: [[0, 0, { name: 'Cotton' }], [0, 0, { name: 'Silk' }]] }]) as number;
    const vals = await sync('product.attribute.value', 'search', [[['attribute_id', '=', attr]]]) as number[];
    expect(vals).toHaveLength(2);
    const [v1, v2] = vals as [number, number];
    const tmpl = await sync('product.template', 'create', [{ name: 'Cmd test' }]) as number;
    const line = await sync('product.template.attribute.line', 'create', [{ product_tmpl_id: tmpl, attribute_id: attr, value_ids: [[6, 0, [v1]]] }]) as number;
    const valueIds = async (): Promise<unknown> => ((await sync('product.template.attribute.line', 'read', [[line], ['value_ids']]) as Row[])[0]?.value_ids);
    await sync('product.template.attribute.line', 'write', [[line], { value_ids: [[4, v2]] }]);
    expect(await valueIds()).toEqual([v1, v2]);
    await sync('product.template.attribute.line', 'write', [[line], { value_ids: [[3, v1]] }]);
    expect(await valueIds()).toEqual([v2]);
    await sync('product.template.attribute.line', 'write', [[line], { value_ids: [[1, v2, { name: 'Raw silk' }]] }]);
    expect((await sync('product.attribute.value', 'read', [[v2], ['name']]) as Row[])[0]?.name).toBe('Raw silk');
    await sync('product.template.attribute.line', 'write', [[line], { value_ids: [[0, 0, { name: 'Wool', attribute_id: attr }]] }]);
    expect(await valueIds()).toHaveLength(2);
    const cleared = await faultOf(sync('product.template.attribute.line', 'write', [[line], { value_ids: [[5]] }]));
    expect(cleared.faultString).toBe('The attribute Material must have at least one value for the product Cmd test.');
    await sync('product.attribute', 'write', [[attr], { value_ids: [[2, v1]] }]);
    expect(await sync('product.attribute.value', 'search', [[['id', '=', v1]]])).toEqual([]);
  });

  it('replaces one2many lines with (6) and removes with (2)', async () => {
    const vendor = sim.seedVendor();
    const { variantId } = sim.seedProduct({ name: 'Line product' });
    const po = await sync('purchase.order', 'create', [{ partner_id: vendor, order_line: [
      [0, 0, { product_id: variantId, product_qty: 1, price_unit: 1 }], [0, 0, { product_id: variantId, product_qty: 2, price_unit: 1 }],
    ] }]) as number;
    const lines = ((await sync('purchase.order', 'read', [[po], ['order_line']]) as Row[])[0]?.order_line) as number[];
    await sync('purchase.order', 'write', [[po], { order_line: [[2, lines[0]]] }]);
    const after = (await sync('purchase.order', 'read', [[po], ['order_line', 'amount_untaxed']]) as Row[])[0];
    expect(after).toMatchObject({ order_line: [lines[1]], amount_untaxed: 2 });
  });
});

describe('custom fields', () => {
  it('starts without the x_alibaba fields', async () => {
    const fields = await sync('res.partner', 'fields_get', [], { attributes: ['type'] }) as Row;
    expect(fields.x_alibaba_supplier_id).toBeUndefined();
  });

  it('lets admin create a field that is usable at once, also on res.users', async () => {
    const [modelId] = await admin('ir.model', 'search', [[['model', '=', 'res.partner']]]) as number[];
    const fid = await admin('ir.model.fields', 'create', [{ model_id: modelId, name: 'x_alibaba_supplier_id', field_description: 'Alibaba Supplier ID', ttype: 'char', store: true, copied: false }]);
    expect(fid).toBeTypeOf('number');
    const fields = await sync('res.partner', 'fields_get', [], { attributes: ['type', 'string', 'required', 'readonly'] }) as Row;
    expect(fields.x_alibaba_supplier_id).toEqual({ type: 'char', string: 'Alibaba Supplier ID', required: false, readonly: false });
    const pid = await sync('res.partner', 'create', [{ name: 'Custom vendor', x_alibaba_supplier_id: 'ALI-SUP-1' }]);
    expect(await sync('res.partner', 'search', [[['x_alibaba_supplier_id', '=', 'ALI-SUP-1']]])).toEqual([pid]);
    const userFields = await admin('ir.model.fields', 'search_read', [[['model', '=', 'res.users'], ['name', '=', 'x_alibaba_supplier_id']]], { fields: ['state', 'store', 'related'] }) as Row[];
    expect(userFields[0]).toMatchObject({ state: 'base', store: false, related: 'partner_id.x_alibaba_supplier_id' });
  });

  it('refuses a custom field name without x_', async () => {
    const [modelId] = await admin('ir.model', 'search', [[['model', '=', 'purchase.order']]]) as number[];
    const f = await faultOf(admin('ir.model.fields', 'create', [{ model_id: modelId, name: 'alibaba_order', field_description: 'X', ttype: 'char' }]));
    expect([f.faultCode, f.faultString]).toEqual([2, "The operation cannot be completed: Custom fields must have a name that starts with 'x_'!"]);
  });

  it('refuses field creation to the integration user with the ir.model access text', async () => {
    const f = await faultOf(sync('ir.model.fields', 'create', [{ model_id: 1, name: 'x_nope', field_description: 'X', ttype: 'char' }]));
    expect(f.faultCode).toBe(4);
    expect(f.faultString).toContain("You are not allowed to access 'Models' (ir.model) records.");
    expect(f.faultString).toContain('\t- Administration/Access Rights');
  });

  it('pre-creates all six fields with customFields: true', async () => {
    const other = await startOdooSimulator({ customFields: true });
    try {
      const fields = await executor(other)('product.product', 'fields_get', [['x_alibaba_sku_id', 'x_alibaba_spec_id']], { attributes: ['type'] });
      expect(fields).toEqual({ x_alibaba_sku_id: { type: 'char' }, x_alibaba_spec_id: { type: 'char' } });
    } finally {
      await other.close();
    }
  });
});
