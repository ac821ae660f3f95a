import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADDRESS_MAX, mapAddress, type PartnerAddress } from '../../src/mapping/address.js';
import { MESSAGE_MAX, outOrderIdFor, planOrder, type PurchaseOrderInput, type VariantLink } from '../../src/mapping/order.js';
import type { Uom } from '../../src/mapping/units.js';
import { oddString } from '../chaos/arbitraries.js';

const field = fc.oneof(oddString, fc.constant(false as const), fc.constant(undefined), fc.constantFrom('广东省', '广东省 (CN)', 'Guangdong Province', 'Shanghai', '深圳市', '+86 138 0013 8000', '518057', 'CN', 'US'));
const partner: fc.Arbitrary<PartnerAddress> = fc.record({
  name: oddString,
  street: fc.oneof(field, fc.constantFrom('广东省深圳市南山区粤海街道科技南路18号', '上海市浦东新区张江镇1号')),
  street2: field,
  city: field,
  zip: field,
  stateName: field,
  countryCode: field,
  phone: field,
  mobile: field,
});
const ADDRESS_FIELDS = /^(country|state|city|street|mobile|name|zip): /;

describe('hostile delivery addresses through mapAddress', () => {
  it('returns a complete 1688 address or problems each naming its field, never throwing', () => {
    fc.assert(
      fc.property(partner, (p) => {
        const r = mapAddress(p);
        if (!r.ok) {
          expect(r.problems.length).toBeGreaterThan(0);
          for (const problem of r.problems) expect(problem).toMatch(ADDRESS_FIELDS);
          return;
        }
        const a = r.value;
        expect([a.fullName, a.provinceText, a.cityText, a.address].every((s) => s.trim() !== '')).toBe(true);
        expect([...a.address].length).toBeLessThanOrEqual(ADDRESS_MAX);
        if (a.mobile !== undefined) expect(a.mobile).toMatch(/^1\d{10}$/);
        if (a.postCode !== undefined) expect(a.postCode).toMatch(/^\d{6}$/);
      }),
      { numRuns: 500 },
    );
  });
});

const units: Uom[] = [
  { id: 1, name: 'Units', categoryId: 1, factor: 1 },
  { id: 2, name: 'Dozens', categoryId: 1, factor: 1 / 12 },
  { id: 3, name: 'kg', categoryId: 2, factor: 1 },
  { id: 4, name: 'Broken', categoryId: 1, factor: 0 },
];
const uom = fc.constantFrom(...units);
const qty = fc.oneof(fc.integer({ min: -10, max: 10_000 }), fc.double(), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 0.5, 1e308));
const line = fc.record({
  id: fc.nat(),
  productId: fc.oneof(fc.integer({ min: 1, max: 8 }), fc.constant(false as const)),
  description: oddString,
  quantity: qty,
  uom,
  displayType: fc.constantFrom(false as const, 'line_section', 'line_note'),
});
const po: fc.Arbitrary<PurchaseOrderInput> = fc.record({
  id: fc.integer({ min: 1, max: 1e9 }),
  name: oddString,
  vendorSupplierId: fc.oneof(fc.constantFrom('s1', 's2'), fc.constant(false as const)),
  notes: fc.oneof(oddString, fc.constant(false as const), fc.constantFrom('<p>a</p><br/>b &amp; c', '<'.repeat(1000))),
  origin: fc.oneof(oddString, fc.constant(false as const)),
  lines: fc.array(line, { maxLength: 8 }),
});
const links = fc
  .array(fc.record({ offerId: fc.constantFrom('1', '2'), specId: fc.option(oddString, { nil: undefined }), supplierId: fc.constantFrom('s1', 's2'), uom }), { minLength: 8, maxLength: 8 })
  .map((ls) => new Map<number, VariantLink>(ls.map((l, i) => [i + 1, l])).set(7, { offerId: '3', supplierId: 's1', uom: units[0]! }));
const database = fc.oneof(oddString, fc.constantFrom('odoo', 'Prod DB 2025'));

describe('hostile purchase orders through planOrder', () => {
  it('plans whole positive quantities for one supplier, or lists problems naming the PO or line, never throwing', () => {
    fc.assert(
      fc.property(po, database, links, (order, db, ls) => {
        const r = planOrder(order, db, ls);
        if (!r.ok) {
          expect(r.problems.length).toBeGreaterThan(0);
          for (const p of r.problems) expect(p.startsWith('line "') || p.startsWith(order.name) || p.startsWith('lines come from') || p.startsWith("the vendor's")).toBe(true);
          return;
        }
        expect(r.value.cargo.length).toBeGreaterThan(0);
        for (const c of r.value.cargo) expect(Number.isSafeInteger(c.quantity) && c.quantity > 0).toBe(true);
        expect([...r.value.message].length).toBeLessThanOrEqual(MESSAGE_MAX);
        expect(r.value.outOrderId).toBe(outOrderIdFor(db, order.id));
        expect(r.value.outOrderId).toMatch(/^aos-[a-z0-9-]+-po\d+$/);
      }),
      { numRuns: 500 },
    );
  });
});
