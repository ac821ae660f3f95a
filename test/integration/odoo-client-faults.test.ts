import { describe, expect, it } from 'vitest';
import { OdooFaultError } from '../../src/errors.js';
import { withSimulator } from './odoo-client-helpers.js';

const { sim, client } = await withSimulator({ customFields: true });
const c = client();

async function fault(p: Promise<unknown>): Promise<OdooFaultError> {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(OdooFaultError);
  return err as OdooFaultError;
}

describe('Odoo faults through the client', () => {
  it('classifies a nonexistent model as unknown_model', async () => {
    expect(await fault(c.search('x.no.such.model', []))).toMatchObject({ kind: 'unknown_model', model: 'x.no.such.model', faultCode: 2 });
  });

  it('classifies a create without the required name as missing_required', async () => {
    expect(await fault(c.create('product.template', [{ list_price: 1 }]))).toMatchObject({ kind: 'missing_required', model: 'product.template', field: 'name' });
  });

  it('classifies a duplicate barcode as unique with the value', async () => {
    await c.create('product.product', [{ name: 'Barcode A', barcode: '990233751001' }]);
    const err = await fault(c.create('product.product', [{ name: 'Barcode B', barcode: '990233751001' }]));
    expect(err).toMatchObject({ kind: 'unique', field: 'barcode', value: '990233751001' });
  });

  it('classifies writing another user as access, first line only', async () => {
    const err = await fault(c.write('res.users', [2], { name: 'hacked' }));
    expect(err).toMatchObject({ kind: 'access', model: 'res.users', faultCode: 4 });
    expect(err.message).toBe("You are not allowed to modify 'User' (res.users) records.");
  });

  it('classifies a write on a missing record as missing_record with model and id', async () => {
    expect(await fault(c.write('product.template', [99_999_999], { name: 'x' }))).toMatchObject({
      kind: 'missing_record',
      model: 'product.template',
      value: '99999999',
    });
  });

  it('returns nothing, without a fault, for a read of a missing record', async () => {
    expect(await c.read('product.template', [99_999_999], ['name'])).toEqual([]);
  });

  it('classifies an unknown method as unknown_method', async () => {
    expect(await fault(c.executeKw('product.template', 'no_such_method', [[]]))).toMatchObject({ kind: 'unknown_method', model: 'product.template', value: 'no_such_method' });
  });

  it('classifies a private method as unknown_method', async () => {
    expect(await fault(c.executeKw('product.product', '_get_variant_for_combination', [[]]))).toMatchObject({ kind: 'unknown_method' });
  });

  it('classifies an unknown field in create values as invalid_field', async () => {
    expect(await fault(c.create('product.template', [{ name: 'x', no_such_field: 1 }]))).toMatchObject({ kind: 'invalid_field', field: 'no_such_field' });
  });

  it('classifies an unknown field in a domain as invalid_field', async () => {
    expect(await fault(c.search('product.template', [['no_such_field', '=', 1]]))).toMatchObject({
      kind: 'invalid_field',
      model: 'product.template',
      field: 'no_such_field',
    });
  });

  it('shows only the last line of a malformed-domain traceback', async () => {
    const err = await fault(c.executeKw('product.template', 'search', [[['name', 'bogus', 'x']]]));
    expect(err).toMatchObject({ kind: 'server', faultCode: 1, message: "ValueError: Invalid leaf ('name', 'bogus', 'x')" });
  });

  it('classifies a positional message_post body as a server fault without the traceback', async () => {
    const vendor = sim.seedVendor();
    const { variantId } = sim.seedProduct();
    const po = sim.seedPurchaseOrder({ partnerId: vendor, lines: [{ productId: variantId, qty: 1, price: 1 }] });
    const err = await fault(c.executeKw('purchase.order', 'message_post', [[po], 'positional body']));
    expect(err.message).toMatch(/^TypeError: .*message_post\(\) takes 1 positional argument but 2 were given$/);
  });

  it('classifies an invalid image as validation', async () => {
    const [tid] = await c.create('product.template', [{ name: 'Imaged' }]);
    expect(await fault(c.write('product.template', [tid!], { image_1920: 'not-base64-image!!' }))).toMatchObject({ kind: 'validation', message: 'Image is not encoded in base64.' });
  });

  it('does not retry a fault', async () => {
    const fresh = client();
    await fault(fresh.search('x.no.such.model', []));
    expect(fresh.stats.snapshot()).toMatchObject({ retries: 0, faults: 1 });
  });
});

describe('a badly set-up integration user', () => {
  it('gets validation with an email hint when posting without an email', async () => {
    const { sim: bad, client: badClient } = await withSimulator({ integrationUser: { email: false } });
    const vendor = bad.seedVendor();
    const { variantId } = bad.seedProduct();
    const po = bad.seedPurchaseOrder({ partnerId: vendor, lines: [{ productId: variantId, qty: 1, price: 1 }] });
    const err = await fault(badClient().messagePost(po, 'hello'));
    expect(err).toMatchObject({ kind: 'validation', message: "Unable to send message, please configure the sender's email address." });
    expect(err.hint).toMatch(/email/);
  });
});
