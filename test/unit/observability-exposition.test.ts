// Prometheus text format: HELP/TYPE lines, escaped labels, values, and refusal of invalid names.
import { describe, expect, it } from 'vitest';
import { escapeLabelValue, formatExposition, formatValue } from '../../src/observability/exposition.js';

describe('formatExposition', () => {
  it('writes HELP and TYPE before the samples of each family', () => {
    const text = formatExposition([{ name: 'x_total', type: 'counter', help: 'Things.', samples: [{ labels: { a: 'b' }, value: 3 }] }]);
    expect(text).toBe('# HELP x_total Things.\n# TYPE x_total counter\nx_total{a="b"} 3\n');
  });

  it('leaves out families without samples', () => {
    expect(formatExposition([{ name: 'empty', type: 'gauge', help: 'none', samples: [] }])).toBe('');
  });

  it('refuses an invalid metric name', () => {
    expect(() => formatExposition([{ name: 'bad-name', type: 'gauge', help: 'h', samples: [{ value: 1 }] }])).toThrow('invalid metric name');
  });

  it('refuses a family given twice', () => {
    const f = { name: 'g', type: 'gauge' as const, help: 'h', samples: [{ value: 1 }] };
    expect(() => formatExposition([f, f])).toThrow('appears twice');
  });
});

describe('escapeLabelValue', () => {
  it('escapes backslashes, quotes and newlines', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
  });
});

describe('formatValue', () => {
  it('spells infinities and NaN the Prometheus way', () => {
    expect([Infinity, -Infinity, NaN, 1.5].map(formatValue)).toEqual(['+Inf', '-Inf', 'NaN', '1.5']);
  });
});
