// In-process counters of the webhook server and worker, read by tests, the bench and logs.
import type { RunMetrics } from '../products.js';

/** How many latency samples are kept (the newest ones). */
const MAX_SAMPLES = 10_000;

export interface ServeStats {
  /** Push messages stored in the inbox (replays excluded). */
  received: number;
  replays: number;
  /** Requests refused, by HTTP status. */
  refused: Record<string, number>;
  processed: number;
  failed: number;
  deadLettered: number;
  cycles: number;
  /** Purchase orders queued by the Odoo webhook, and how many of them were sent to 1688. */
  posQueued: number;
  posPushed: number;
  /** Per order message: milliseconds from receipt (inbox received_at) to the PO and picking written. */
  webhookLatencyMs: number[];
  /** Counters the sync flows report through RunMetrics.count. */
  counts: Record<string, number>;
}

export function newServeStats(): ServeStats {
  return { received: 0, replays: 0, refused: {}, processed: 0, failed: 0, deadLettered: 0, cycles: 0, posQueued: 0, posPushed: 0, webhookLatencyMs: [], counts: {} };
}

export function recordLatency(stats: ServeStats, ms: number): void {
  stats.webhookLatencyMs.push(ms);
  if (stats.webhookLatencyMs.length > MAX_SAMPLES) stats.webhookLatencyMs.splice(0, stats.webhookLatencyMs.length - MAX_SAMPLES);
}

export function countRefused(stats: ServeStats, status: number): void {
  stats.refused[status] = (stats.refused[status] ?? 0) + 1;
}

/** RunMetrics for the flows the server calls: counts accumulate in the stats, phases are not timed. */
export function metricsOf(stats: ServeStats): RunMetrics {
  return {
    count: (name, by = 1) => {
      stats.counts[name] = (stats.counts[name] ?? 0) + by;
    },
    phase: (_name, fn) => fn(),
  };
}
