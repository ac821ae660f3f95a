import { describe, expect, it } from 'vitest';
import { ExitCode, OdooFaultError } from '../../src/errors.js';
import { cmd } from '../../src/odoo/client.js';
import { withSimulator } from './odoo-client-helpers.js';

const { sim, client } = await withSimulator({ customFields: true, integrationUser: { apiKey: 'sync-api-key-0001' } });

describe('OdooClient login and version', () => {
  it('reads the server version', async () => {
    const c = client();
    expect(await c.version()).toMatchObject({ server_serie: '18.0', server_version: '18.0-20250506' });
    expect(c.stats.calls('common.version')).toBe(1);
  });

  it('logs in with the password once and reuses the uid', async () => {
    const c = client();
    expect(await c.authenticate()).toBe(6);
    await c.searchCount('res.partner', []);
    await c.searchCount('res.partner', []);
    expect(c.stats.calls('common.authenticate')).toBe(1);
  });

  it('logs in with an API key in place of the password', async () => {
    const c = client({ password: undefined, apiKey: 'sync-api-key-0001' });
    expect(await c.authenticate()).toBe(6);
    expect(await c.searchCount('res.currency', [['name', '=', 'USD']])).toBe(1);
  });

  it('turns a refused login into bad_credentials with exit 3 and a hint naming the options', async () => {
    const err = await client({ password: 'wrong' }).authenticate().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OdooFaultError);
    expect(err).toMatchObject({ kind: 'bad_credentials', exitCode: ExitCode.AuthNeeded });
    expect((err as OdooFaultError).hint).toMatch(/odoo\.login.*odoo\.password.*apiKey/);
    expect((err as OdooFaultError).message).not.toContain('wrong');
  });

  it('refuses an unknown login the same way', async () => {
    await expect(client({ login: 'nobody' }).authenticate()).rejects.toMatchObject({ kind: 'bad_credentials' });
  });

  it('names odoo.database when the database does not exist, without the traceback', async () => {
    const err = (await client({ database: 'nodb' }).authenticate().catch((e: unknown) => e)) as OdooFaultError;
    expect(err.kind).toBe('server');
    expect(err.message).toMatch(/database "nodb" does not exist$/);
    expect(err.message).not.toContain('Traceback');
    expect(err.hint).toMatch(/odoo\.database/);
  });
});

describe('OdooClient paging and batching', () => {
  const partnerIds = sim.store.create(
    'res.partner',
    Array.from({ length: 3_000 }, (_, i) => ({ name: `Paging partner ${String(i).padStart(4, '0')}`, ref: 'paging' })),
  );

  it('pages 3,000 records by 500 in 6 round trips', async () => {
    const c = client();
    await c.authenticate();
    let count = 0;
    let pages = 0;
    for await (const page of c.searchReadPages('res.partner', [['ref', '=', 'paging']], ['name'], { pageSize: 500 })) {
      pages += 1;
      count += page.length;
      expect(page.length).toBeLessThanOrEqual(500);
    }
    expect({ count, pages, roundTrips: c.stats.calls('res.partner.search_read') }).toEqual({ count: 3_000, pages: 6, roundTrips: 6 });
  });

  it('returns every record once, in id order', async () => {
    const rows = await client().searchReadAll('res.partner', [['ref', '=', 'paging']], ['name'], { pageSize: 500 });
    expect(rows.map((r) => r.id)).toEqual(partnerIds);
  });

  it('pages by offset for another order and still sees every record once', async () => {
    const c = client({ pageSize: 1_000 });
    const rows = await c.searchReadAll('res.partner', [['ref', '=', 'paging']], ['name'], { pageSize: 700, order: 'name desc' });
    expect(new Set(rows.map((r) => r.id)).size).toBe(3_000);
    expect(rows[0]?.name).toBe('Paging partner 2999');
    expect(c.stats.calls('res.partner.search_read')).toBe(5);
  });

  it('caps the page size at odoo.pageSize', async () => {
    const c = client({ pageSize: 1_000 });
    await c.searchReadAll('res.partner', [['ref', '=', 'paging']], ['name'], { pageSize: 5_000 });
    expect(c.stats.calls('res.partner.search_read')).toBe(3);
  });

  it('stops with an error past the max-pages guard', async () => {
    const pages = client().searchReadAll('res.partner', [['ref', '=', 'paging']], ['name'], { pageSize: 500, maxPages: 2 });
    await expect(pages).rejects.toMatchObject({ code: 'odoo_too_many_pages' });
  });

  it('makes one round trip for an empty result', async () => {
    const c = client();
    expect(await c.searchReadAll('res.partner', [['ref', '=', 'nothing-here']], ['name'])).toEqual([]);
    expect(c.stats.calls('res.partner.search_read')).toBe(1);
  });

  it('reads ids in chunks of odoo.pageSize, keeping their order', async () => {
    const c = client({ pageSize: 400 });
    const ids = [...partnerIds].reverse().slice(0, 1_000);
    const rows = await c.read('res.partner', ids, ['name']);
    expect(rows.map((r) => r.id)).toEqual(ids);
    expect(c.stats.calls('res.partner.read')).toBe(3);
  });

  it('counts matching records in one call', async () => {
    const c = client();
    expect(await c.searchCount('res.partner', [['ref', '=', 'paging']])).toBe(3_000);
    expect(c.stats.calls('res.partner.search_count')).toBe(1);
  });

  it('creates 250 templates in 3 round trips of at most 100 and returns ids in input order', async () => {
    const c = client({ batchSize: 100 });
    const vals = Array.from({ length: 250 }, (_, i) => ({ name: `Batch template ${i}`, default_code: `BT-${i}` }));
    const ids = await c.create('product.template', vals);
    expect(ids).toHaveLength(250);
    expect(c.stats.calls('product.template.create')).toBe(3);
    const rows = sim.store.read('product.template', ids, ['default_code']);
    expect(rows.map((r) => r.default_code)).toEqual(vals.map((v) => v.default_code));
  });

  it('creates nothing of a chunk with one bad row (Odoo batch create is atomic)', async () => {
    const before = sim.store.count('product.template');
    const err = await client().create('product.template', [{ name: 'Good row' }, { list_price: 1 }]).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'missing_required', model: 'product.template', field: 'name' });
    expect(sim.store.count('product.template')).toBe(before);
  });

  it('writes the same values on many records in one call', async () => {
    const c = client();
    await c.write('res.partner', partnerIds.slice(0, 300), { comment: 'written' });
    expect(sim.store.count('res.partner', [['comment', '!=', false], ['ref', '=', 'paging']])).toBe(300);
    expect(c.stats.calls('res.partner.write')).toBe(1);
  });

  it('unlinks records', async () => {
    const ids = sim.store.create('res.partner', [{ name: 'Doomed 1' }, { name: 'Doomed 2' }]);
    expect(await client().unlink('res.partner', ids)).toBe(true);
    expect(sim.store.read('res.partner', ids)).toEqual([]);
  });
});

describe('OdooClient model helpers', () => {
  it('caches fields_get per client and sees the custom fields', async () => {
    const c = client();
    const first = await c.fieldsGet('res.partner');
    await c.fieldsGet('res.partner');
    expect(first.x_alibaba_supplier_id).toMatchObject({ type: 'char' });
    expect(c.stats.calls('res.partner.fields_get')).toBe(1);
  });

  it('creates a purchase order with x2many commands and confirms it', async () => {
    const c = client();
    const vendor = sim.seedVendor();
    const { variantId } = sim.seedProduct({ name: 'Cmd product' });
    const [po] = await c.create('purchase.order', [{
      partner_id: vendor,
      x_alibaba_order_id: 'ALI-1',
      order_line: [cmd.create({ product_id: variantId, product_qty: 10, price_unit: 3.2, date_planned: '2026-12-20 10:00:00' })],
    }]);
    expect(await c.callMethod('purchase.order', 'button_confirm', [po!])).toBe(true);
    expect(sim.store.get('purchase.order', po!, ['state', 'order_line'])).toMatchObject({ state: 'purchase', order_line: [expect.any(Number)] });
  });

  it('treats the None reply of button_cancel as success, and the order is cancelled', async () => {
    const vendor = sim.seedVendor();
    const { variantId } = sim.seedProduct();
    const po = sim.seedPurchaseOrder({ partnerId: vendor, lines: [{ productId: variantId, qty: 1, price: 1 }] });
    expect(await client().callMethod('purchase.order', 'button_cancel', [po])).toBeNull();
    expect(sim.store.get('purchase.order', po, ['state'])?.state).toBe('cancel');
  });

  it('posts a chatter note on a purchase order and returns the message id', async () => {
    const vendor = sim.seedVendor();
    const { variantId } = sim.seedProduct();
    const po = sim.seedPurchaseOrder({ partnerId: vendor, lines: [{ productId: variantId, qty: 1, price: 1 }] });
    const id = await client().messagePost(po, '<b>1688 said no</b>');
    const [message] = sim.store.read('mail.message', [id], ['body', 'model', 'res_id']);
    expect(message).toMatchObject({ model: 'purchase.order', res_id: po, body: '<p>&lt;b&gt;1688 said no&lt;/b&gt;</p>' });
  });
});
