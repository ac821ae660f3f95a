import { describe, expect, it } from 'vitest';
import { outOrderIdFor, planOrder, supplierMessage, type PurchaseOrderInput, type VariantLink } from '../../src/mapping/order.js';
import { convertToWhole, type Uom } from '../../src/mapping/units.js';

const units: Uom = { id: 1, name: 'Units', categoryId: 1, factor: 1 };
const dozens: Uom = { id: 2, name: 'Dozens', categoryId: 1, factor: 1 / 12 };
const kg: Uom = { id: 3, name: 'kg', categoryId: 2, factor: 1 };

const links = new Map<number, VariantLink>([
  [11, { offerId: '610947572360', specId: 'b266e0726506185beaf205cbae88a37b', supplierId: 'sup-a', uom: units }],
  [12, { offerId: '610947572360', specId: '0ec1c6d4bc5e1b1f6d0a2d3e4f5a6b7c', supplierId: 'sup-a', uom: units }],
  [13, { offerId: '520000000001', supplierId: 'sup-a', uom: units }],
  [21, { offerId: '700000000001', specId: 'ffff', supplierId: 'sup-b', uom: units }],
]);

const po = (lines: PurchaseOrderInput['lines'], extra: Partial<PurchaseOrderInput> = {}): PurchaseOrderInput => ({
  id: 42,
  name: 'P00042',
  vendorSupplierId: 'sup-a',
  lines,
  ...extra,
});

describe('planOrder', () => {
  it('maps each line to offer, spec and quantity, with the PO reference in the message', () => {
    const r = planOrder(po([
      { id: 1, productId: 11, description: 'Red S', quantity: 10, uom: units },
      { id: 2, productId: 13, description: 'Single', quantity: 2, uom: dozens },
    ], { notes: '<p>Please pack <b>carefully</b></p>' }), 'odoo', links);
    expect(r).toEqual({
      ok: true,
      value: {
        outOrderId: 'aos-odoo-po42',
        supplierId: 'sup-a',
        cargo: [
          { offerId: '610947572360', specId: 'b266e0726506185beaf205cbae88a37b', quantity: 10 },
          { offerId: '520000000001', quantity: 24 },
        ],
        message: 'PO P00042: Please pack carefully',
      },
    });
  });

  it('adds up two lines of the same SKU', () => {
    const r = planOrder(po([
      { id: 1, productId: 11, description: 'a', quantity: 5, uom: units },
      { id: 2, productId: 11, description: 'b', quantity: 1, uom: dozens },
    ]), 'odoo', links);
    expect(r.ok && r.value.cargo).toEqual([{ offerId: '610947572360', specId: 'b266e0726506185beaf205cbae88a37b', quantity: 17 }]);
  });

  it('skips section and note lines', () => {
    const r = planOrder(po([
      { id: 1, productId: false, description: 'Section', quantity: 0, uom: units, displayType: 'line_section' },
      { id: 2, productId: 12, description: 'x', quantity: 3, uom: units },
    ]), 'odoo', links);
    expect(r.ok && r.value.cargo).toHaveLength(1);
  });

  it('refuses lines from two suppliers and names them', () => {
    const r = planOrder(po([
      { id: 1, productId: 11, description: 'a', quantity: 1, uom: units },
      { id: 2, productId: 21, description: 'b', quantity: 1, uom: units },
    ]), 'odoo', links);
    expect(r).toEqual({ ok: false, problems: [expect.stringContaining('2 1688 suppliers (sup-a, sup-b)') as unknown] });
  });

  it('refuses a line whose product is not from 1688', () => {
    const r = planOrder(po([{ id: 1, productId: 99, description: 'Office chair', quantity: 1, uom: units }]), 'odoo', links);
    expect(r).toEqual({ ok: false, problems: ['line "Office chair": the product is not linked to a 1688 offer (run pull-products, or remove the line)'] });
  });

  it('refuses a quantity that is not a whole number of 1688 units', () => {
    const half = planOrder(po([{ id: 1, productId: 11, description: 'Half', quantity: 0.5, uom: dozens }]), 'odoo', links);
    expect(half.ok && half.value.cargo[0]?.quantity).toBe(6);
    const r = planOrder(po([{ id: 1, productId: 11, description: 'Some', quantity: 0.3, uom: dozens }]), 'odoo', links);
    expect(r.ok ? '' : r.problems[0]).toContain('0.3 Dozens is 3.6 Units');
    const frac = planOrder(po([{ id: 1, productId: 11, description: 'Odd', quantity: 1.5, uom: units }]), 'odoo', links);
    expect(frac.ok ? '' : frac.problems[0]).toContain('1688 orders whole Units only');
  });
});

describe('units and keys', () => {
  it('refuses to convert between unit categories', () => {
    expect(convertToWhole(1, kg, units)).toEqual({ ok: false, problem: 'unit kg cannot be converted to Units (different unit categories)' });
  });

  it('derives the same outOrderId for the same database and PO, and different ones otherwise', () => {
    expect(outOrderIdFor('Prod DB', 7)).toBe(outOrderIdFor('Prod DB', 7));
    expect(outOrderIdFor('Prod DB', 7)).not.toBe(outOrderIdFor('Prod DB', 8));
    expect(outOrderIdFor('Prod DB', 7)).not.toBe(outOrderIdFor('staging', 7));
    expect(outOrderIdFor('Prod DB', 7)).toMatch(/^[a-z0-9-]+$/);
  });

  it('keeps the supplier message within 500 characters', () => {
    expect([...supplierMessage({ name: 'P1', notes: `<p>${'备注'.repeat(400)}</p>` })]).toHaveLength(500);
  });
});
