import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseJsonPreservingBigInts, stringifyWithBigInts } from '../../src/alibaba/json.js';
import {
  FastCreateOrderResult,
  LogisticsInfosResponse,
  OrderDetailResponse,
  OrderListResponse,
  PushMessage,
  formatZodIssue,
  normaliseBusinessError,
  parsePushData,
} from '../../src/alibaba/schemas.js';
import { junk, mutated, oddString } from '../chaos/arbitraries.js';
import { loadFixture, loadFixtureJson } from '../helpers/fixtures.js';

const RESPONSES: [string, z.ZodType, string][] = [
  ['OrderDetailResponse', OrderDetailResponse, 'alibaba.trade.get.buyerView.response.json'],
  ['FastCreateOrderResult', FastCreateOrderResult, 'alibaba.trade.fastCreateOrder.response.json'],
  ['OrderListResponse', OrderListResponse, 'alibaba.trade.getBuyerOrderList.response.json'],
  ['LogisticsInfosResponse', LogisticsInfosResponse, 'alibaba.trade.getLogisticsInfos.buyerView.response.json'],
  ['PushMessage', PushMessage, 'ORDER_BUYER_VIEW_ANNOUNCE_SENDGOODS.message.json'],
];

/** Every Date in a parsed value is a real date (an Invalid Date throws later, in toISOString). */
function datesValid(value: unknown): boolean {
  if (value instanceof Date) return Number.isFinite(value.getTime());
  if (Array.isArray(value)) return value.every(datesValid);
  if (typeof value === 'object' && value !== null) return Object.values(value).every(datesValid);
  return true;
}

/** safeParse never throws; a failure names the field of each problem; a success holds only valid dates. */
function parsesOrNamesTheField(schema: z.ZodType, body: unknown): void {
  const parsed = schema.safeParse(body);
  expect(() => normaliseBusinessError(body)).not.toThrow();
  if (parsed.success) {
    expect(datesValid(parsed.data)).toBe(true);
    return;
  }
  for (const issue of parsed.error.issues) {
    const text = formatZodIssue(issue);
    expect(text.length).toBeGreaterThan(0);
    if (issue.path.length > 0) expect(text.startsWith(String(issue.path[0]))).toBe(true);
  }
}

describe.each(RESPONSES)('hostile %s answers', (_name, schema, fixture) => {
  const sample = parseJsonPreservingBigInts(loadFixture(fixture));

  it('parses or names the field, for the documented sample with one node replaced or removed', () => {
    fc.assert(fc.property(mutated(sample), (body) => parsesOrNamesTheField(schema, body)), { numRuns: 300 });
  });

  it('parses or names the field, for any JSON value', () => {
    fc.assert(fc.property(fc.oneof(junk, fc.jsonValue({ maxDepth: 4 })), (body) => parsesOrNamesTheField(schema, body)), { numRuns: 200 });
  });
});

describe('hostile push message data', () => {
  const types = ['ORDER_BUYER_VIEW_ORDER_PAY', 'LOGISTICS_BUYER_VIEW_TRACE', 'LOGISTICS_MAIL_NO_CHANGE', 'PRODUCT_RELATION_VIEW_PRODUCT_CHANGE', 'PRODUCT_PRODUCT_INVENTORY_CHANGE', 'SOMETHING_NEW'];
  const samples = ['ORDER_BUYER_VIEW_ORDER_PAY', 'LOGISTICS_BUYER_VIEW_TRACE', 'PRODUCT_PRODUCT_INVENTORY_CHANGE'].map(
    (t) => (loadFixtureJson(`${t}.message.json`) as { data: unknown }).data,
  );

  it('reads the data of every topic or throws only a ZodError naming the field', () => {
    const data = fc.oneof(junk, ...samples.map((s) => mutated(s)));
    fc.assert(
      fc.property(fc.constantFrom(...types), data, (type, d) => {
        try {
          expect(datesValid(parsePushData(type, d))).toBe(true);
        } catch (err) {
          expect(err).toBeInstanceOf(z.ZodError);
          expect((err as z.ZodError).issues.every((i) => formatZodIssue(i) !== '')).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });
});

/** JSON.parse's value with every integer literal of more than 15 digits as its digit string. */
function withBigIntsAsText(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) && /^-?\d{16,}$/.test(String(value)) ? String(value) : value;
  if (Array.isArray(value)) return value.map(withBigIntsAsText);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withBigIntsAsText(v)]));
  return value;
}

describe('parseJsonPreservingBigInts on hostile text', () => {
  it('agrees with JSON.parse on any JSON text, except that long integers come back exact as text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        expect(parseJsonPreservingBigInts(text)).toEqual(withBigIntsAsText(JSON.parse(text)));
      }),
      { numRuns: 400 },
    );
  });

  it('keeps ids above 2^53 exact wherever they sit, next to odd strings', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }), oddString, (id, text) => {
        const parsed = parseJsonPreservingBigInts(stringifyWithBigInts({ text, list: [id], nested: { id } })) as { text: string; list: unknown[]; nested: { id: unknown } };
        const expected = id.toString().replace('-', '').length > 15 ? id.toString() : Number(id);
        expect([parsed.text, parsed.list[0], parsed.nested.id]).toEqual([text, expected, expected]);
      }),
      { numRuns: 300 },
    );
  });

  it('throws nothing but SyntaxError on arbitrary or damaged text', () => {
    const sample = loadFixture('alibaba.trade.get.buyerView.response.json');
    const damaged = fc.tuple(fc.nat({ max: sample.length }), fc.nat({ max: 20 }), oddString).map(([at, cut, insert]) => sample.slice(0, at) + insert + sample.slice(at + cut));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), damaged, fc.constantFrom('['.repeat(100_000), '-', '1'.repeat(400), '"\\', '{"a":1e999}')), (text) => {
        try {
          parseJsonPreservingBigInts(text);
        } catch (err) {
          expect(err).toBeInstanceOf(SyntaxError);
        }
      }),
      { numRuns: 400 },
    );
  });
});
