// Tests for parsing 1688 JSON without losing ids above 2^53.
import { describe, expect, it } from 'vitest';
import { parseJsonPreservingBigInts, stringifyWithBigInts } from '../../src/alibaba/json.js';
import { loadFixture } from '../helpers/fixtures.js';

describe('parseJsonPreservingBigInts', () => {
  it('keeps an integer above 2^53 exact as a string', () => {
    expect(parseJsonPreservingBigInts('{"id":3012345678901234567}')).toEqual({ id: '3012345678901234567' });
  });

  it('keeps integers of 15 digits or fewer as numbers', () => {
    expect(parseJsonPreservingBigInts('{"a":123456789012345,"b":584051070147}')).toEqual({
      a: 123456789012345,
      b: 584051070147,
    });
  });

  it('turns a 16-digit negative integer into a string with its sign', () => {
    expect(parseJsonPreservingBigInts('[-1234567890123456]')).toEqual(['-1234567890123456']);
  });

  it('leaves small negative numbers, decimals and exponents as numbers', () => {
    expect(parseJsonPreservingBigInts('[-3989, 6.15, 1e21, 12345678901234567.5, 2E-3, 1234567890123456e2]')).toEqual([
      -3989, 6.15, 1e21, Number('12345678901234567.5'), 0.002, Number('1234567890123456e2'),
    ]);
  });

  it('does not touch digits inside strings, including after escaped quotes', () => {
    const text = '{"s":"id \\"3012345678901234567\\" here","t":"12345678901234567890","n":3012345678901234567}';
    expect(parseJsonPreservingBigInts(text)).toEqual({
      s: 'id "3012345678901234567" here',
      t: '12345678901234567890',
      n: '3012345678901234567',
    });
  });

  it('handles a string ending in an escaped backslash before a big number', () => {
    expect(parseJsonPreservingBigInts('["a\\\\",9007199254740993]')).toEqual(['a\\', '9007199254740993']);
  });

  it('shows the documented id/idOfStr disagreement exactly as written in the order detail sample', () => {
    const parsed = parseJsonPreservingBigInts(loadFixture('alibaba.trade.get.buyerView.response.json')) as {
      result: { baseInfo: { id: unknown; idOfStr: unknown } };
    };
    expect(parsed.result.baseInfo).toMatchObject({ id: '58218860983545944', idOfStr: '58218860983545941' });
  });

  it('keeps the logistics push sample ids exact where JSON.parse would round them', () => {
    const text = loadFixture('LOGISTICS_BUYER_VIEW_TRACE.message.json');
    const parsed = parseJsonPreservingBigInts(text) as {
      OrderLogisticsTracingModel: { orderLogsItems: { orderId: unknown }[] };
    };
    expect(parsed.OrderLogisticsTracingModel.orderLogsItems[0]?.orderId).toBe('2938624554509662976');
    expect(String((JSON.parse(text) as typeof parsed).OrderLogisticsTracingModel.orderLogsItems[0]?.orderId)).not.toBe(
      '2938624554509662976',
    );
  });

  it('rejects invalid JSON like JSON.parse', () => {
    expect(() => parseJsonPreservingBigInts('{"a":')).toThrow(SyntaxError);
  });
});

describe('stringifyWithBigInts', () => {
  it('writes bigint values as bare integer literals that round-trip through the parser', () => {
    const text = stringifyWithBigInts({ id: 3012345678901234567n, idOfStr: '3012345678901234567' });
    expect(text).toBe('{"id":3012345678901234567,"idOfStr":"3012345678901234567"}');
    expect(parseJsonPreservingBigInts(text)).toEqual({ id: '3012345678901234567', idOfStr: '3012345678901234567' });
  });
});
