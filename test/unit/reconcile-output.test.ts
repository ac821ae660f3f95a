import { describe, expect, it } from 'vitest';
import { csvRows, summaryLine, toCsv, windowOf } from '../../src/cli/commands/reconcile.js';

describe('summaryLine', () => {
  it('names each severity found, in the plural where it belongs, with the window', () => {
    expect(summaryLine({ compared: 42, counts: { error: 2, warning: 1, info: 0 } }, '7 days')).toBe('reconcile: 42 orders compared, 2 errors, 1 warning (7 days)');
    expect(summaryLine({ compared: 1, counts: { error: 0, warning: 0, info: 3 } }, 'since 2025-03-01')).toBe('reconcile: 1 order compared, 3 info (since 2025-03-01)');
  });

  it('says "0 differences" when nothing was found', () => {
    expect(summaryLine({ compared: 5, counts: { error: 0, warning: 0, info: 0 } }, '7 days')).toBe('reconcile: 5 orders compared, 0 differences (7 days)');
  });
});

describe('toCsv', () => {
  it('quotes fields with commas, quotes or line breaks, doubles quotes, and ends lines with CRLF', () => {
    expect(toCsv([['a', 'b,c'], ['say "hi"', 'two\nlines']])).toBe('a,"b,c"\r\n"say ""hi""","two\nlines"\r\n');
  });

  it('starts with the header row and leaves absent PO or order empty', () => {
    const rows = csvRows([{ kind: 'only_1688', severity: 'error', po: undefined, orderId: '301', detail: 'd', fix: 'f' }]);
    expect(toCsv(rows)).toBe('severity,kind,po,order_id,difference,fix\r\nerror,only_1688,,301,d,f\r\n');
  });
});

describe('windowOf', () => {
  const now = new Date('2025-03-08T00:00:00Z');

  it('defaults to the last 7 days', () => {
    expect(windowOf({}, now)).toEqual({ from: new Date('2025-03-01T00:00:00Z'), label: '7 days' });
  });

  it('takes --days and --since', () => {
    expect(windowOf({ days: '1' }, now)).toEqual({ from: new Date('2025-03-07T00:00:00Z'), label: '1 day' });
    expect(windowOf({ since: '2025-03-05' }, now)).toEqual({ from: new Date('2025-03-05T00:00:00Z'), label: 'since 2025-03-05' });
  });

  it('refuses both at once, a non-date, a future date and a non-positive day count', () => {
    for (const opts of [{ days: '3', since: '2025-03-01' }, { since: 'last tuesday' }, { since: '2025-04-01' }, { days: '0' }, { days: 'x' }]) {
      expect(() => windowOf(opts, now)).toThrow(expect.objectContaining({ exitCode: 2 }) as Error);
    }
  });
});
