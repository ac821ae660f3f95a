// The per-run metric contract: names flows pass to RunTracker.count / RunTracker.phase, and helpers to build them.

/** Record kinds the flows report on; any other lowercase word is accepted too. */
export const RECORD_KINDS = ['offer', 'variant', 'order', 'shipment', 'message'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** What happened to one record in a run. */
export const RECORD_OUTCOMES = ['created', 'updated', 'unchanged', 'skipped', 'failed', 'dead_lettered', 'retrying'] as const;
export type RecordOutcome = (typeof RECORD_OUTCOMES)[number];

/** Phase names for RunTracker.phase; `total` is recorded by trackedRun itself. Values are milliseconds. */
export const Phase = { fetch: 'fetch', map: 'map', write: 'write', total: 'total' } as const;
export type Phase = (typeof Phase)[keyof typeof Phase];

/** Counter names for calls to the remotes (summed over the run). */
export const RemoteMetric = {
  alibabaCalls: 'remote.alibaba.calls',
  alibabaErrors: 'remote.alibaba.errors',
  alibabaRetries: 'remote.alibaba.retries',
  alibabaThrottled: 'remote.alibaba.throttled',
  alibabaRateLimitWaitMs: 'remote.alibaba.ratelimit_wait_ms',
  odooCalls: 'remote.odoo.calls',
  odooErrors: 'remote.odoo.errors',
  odooRetries: 'remote.odoo.retries',
} as const;

/** Gauge names stored with each run (read from the state at its end), in `runs.gauges`. */
export const Gauge = {
  /** `queue.jobs.<kind>`: jobs waiting, by kind. */
  jobsPrefix: 'queue.jobs.',
  /** `queue.outbox.<state>`: outbox rows by state. */
  outboxPrefix: 'queue.outbox.',
  inboxPending: 'queue.inbox.pending',
  /** Jobs + outbox rows not yet submitted + inbox messages pending: what the backlog alert watches. */
  backlog: 'queue.backlog',
  deadLetters: 'dead_letters.active',
} as const;

/** Anything with RunTracker's count(): flows pass the tracker, tests a plain object. */
export interface Counter {
  count(name: string, by?: number): void;
}

const WORD = /^[a-z][a-z0-9_]*$/;

/** `records.<kind>.<outcome>`, e.g. `records.offer.created`. */
export function recordMetric(kind: RecordKind | (string & {}), outcome: RecordOutcome): string {
  if (!WORD.test(kind)) throw new Error(`record kind must be a lowercase word, got "${kind}"`);
  return `records.${kind}.${outcome}`;
}

/** Counts `by` records of `kind` with `outcome` on the run. */
export function countRecord(run: Counter, kind: RecordKind | (string & {}), outcome: RecordOutcome, by = 1): void {
  run.count(recordMetric(kind, outcome), by);
}

/** The kind and outcome of a `records.<kind>.<outcome>` name, or undefined for any other counter. */
export function parseRecordMetric(name: string): { kind: string; outcome: RecordOutcome } | undefined {
  const match = /^records\.([a-z][a-z0-9_]*)\.([a-z_]+)$/.exec(name);
  if (!match || !(RECORD_OUTCOMES as readonly string[]).includes(match[2]!)) return undefined;
  return { kind: match[1]!, outcome: match[2] as RecordOutcome };
}

/** The remote and what a `remote.<remote>.<what>` counter measures, or undefined. */
export function parseRemoteMetric(name: string): { remote: string; what: string } | undefined {
  const match = /^remote\.([a-z0-9_]+)\.([a-z_]+)$/.exec(name);
  return match ? { remote: match[1]!, what: match[2]! } : undefined;
}

/** The subset of AlibabaClient.stats this module needs (structural, so the client can grow freely). */
export interface AlibabaStatsLike {
  calls: number;
  retries: number;
  failures: number;
  flowControlled: number;
  rateLimitWaitMs: number;
  retryAfterWaitMs?: number;
}

/** The subset of OdooClient stats this module needs. */
export interface OdooStatsLike {
  roundTrips: number;
  retries: number;
  faults: number;
}

/**
 * Copies the clients' cumulative stats into the run's counters; call once at the end of a flow.
 * Rate-limit wait includes Retry-After waits: both are time spent held back by 1688's limits.
 */
export function recordRemoteStats(run: Counter, stats: { alibaba?: AlibabaStatsLike | undefined; odoo?: OdooStatsLike | undefined }): void {
  const { alibaba, odoo } = stats;
  if (alibaba) {
    run.count(RemoteMetric.alibabaCalls, alibaba.calls);
    run.count(RemoteMetric.alibabaErrors, alibaba.failures);
    run.count(RemoteMetric.alibabaRetries, alibaba.retries);
    run.count(RemoteMetric.alibabaThrottled, alibaba.flowControlled);
    run.count(RemoteMetric.alibabaRateLimitWaitMs, Math.round(alibaba.rateLimitWaitMs + (alibaba.retryAfterWaitMs ?? 0)));
  }
  if (odoo) {
    run.count(RemoteMetric.odooCalls, odoo.roundTrips);
    run.count(RemoteMetric.odooErrors, odoo.faults);
    run.count(RemoteMetric.odooRetries, odoo.retries);
  }
}
