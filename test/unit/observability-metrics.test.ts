// The metric contract: record and remote counter names, client stats mapping, and the compact status line.
import { describe, expect, it } from 'vitest';
import { countRecord, parseRecordMetric, recordMetric, recordRemoteStats, RemoteMetric } from '../../src/observability/metrics.js';
import { summarizeRun } from '../../src/observability/summary.js';

class Counts {
  readonly counts: Record<string, number> = {};
  count(name: string, by = 1): void {
    this.counts[name] = (this.counts[name] ?? 0) + by;
  }
}

describe('record metrics', () => {
  it('names a record counter records.<kind>.<outcome>', () => {
    expect(recordMetric('offer', 'dead_lettered')).toBe('records.offer.dead_lettered');
  });

  it('refuses a kind that is not a lowercase word', () => {
    expect(() => recordMetric('Offer.x', 'created')).toThrow('lowercase word');
  });

  it('parses a record counter back, and ignores other counters', () => {
    expect(parseRecordMetric('records.variant.unchanged')).toEqual({ kind: 'variant', outcome: 'unchanged' });
    expect(parseRecordMetric('records.variant.exploded')).toBeUndefined();
    expect(parseRecordMetric('remote.odoo.calls')).toBeUndefined();
  });

  it('adds up counts of the same record outcome', () => {
    const c = new Counts();
    countRecord(c, 'order', 'created', 2);
    countRecord(c, 'order', 'created');
    expect(c.counts).toEqual({ 'records.order.created': 3 });
  });
});

describe('recordRemoteStats', () => {
  it('maps the clients’ stats to the remote counters, with Retry-After waits in the rate-limit wait', () => {
    const c = new Counts();
    recordRemoteStats(c, {
      alibaba: { calls: 5, retries: 1, failures: 2, flowControlled: 3, rateLimitWaitMs: 100.4, retryAfterWaitMs: 1000 },
      odoo: { roundTrips: 7, retries: 0, faults: 1 },
    });
    expect(c.counts).toEqual({
      [RemoteMetric.alibabaCalls]: 5,
      [RemoteMetric.alibabaErrors]: 2,
      [RemoteMetric.alibabaRetries]: 1,
      [RemoteMetric.alibabaThrottled]: 3,
      [RemoteMetric.alibabaRateLimitWaitMs]: 1100,
      [RemoteMetric.odooCalls]: 7,
      [RemoteMetric.odooErrors]: 1,
      [RemoteMetric.odooRetries]: 0,
    });
  });
});

describe('summarizeRun', () => {
  it('groups records by kind in outcome order, then remotes, then phases', () => {
    const line = summarizeRun(
      { 'records.offer.failed': 1, 'records.offer.created': 3, 'records.variant.unchanged': 0, 'remote.odoo.calls': 12, 'remote.odoo.retries': 2 },
      { fetch: 1234, write: 80, total: 2000 },
    );
    expect(line).toBe('offer 3 created, 1 failed | odoo 12 calls, 2 retries | fetch 1.2s, write 80ms');
  });

  it('lists counters outside the contract by name', () => {
    expect(summarizeRun({ created: 3 }, {})).toBe('created 3');
  });
});
