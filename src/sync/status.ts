// Gathers what `status` shows from the state file: last runs, cursors, queues, dead letters, tokens, leases.
import { AlertStore } from '../observability/alerts/state.js';
import { RunHistory } from '../observability/run-history.js';
import { summarizeRun } from '../observability/summary.js';
import type { Store } from '../state/store.js';
import type { RunRecord } from '../state/runs.js';

export interface StatusReport {
  stateFile: string;
  nothingRunYet: boolean;
  lastRuns: (Pick<RunRecord, 'command' | 'runId' | 'startedAt' | 'finishedAt' | 'outcome' | 'exitCode' | 'counts' | 'phases' | 'error'> & {
    durationMs: number | null;
    /** Queue depth and dead letters at the end of the run (see observability/metrics.ts Gauge). */
    gauges: Record<string, number>;
    /** One compact line: records by kind and outcome, remote calls, time per phase. */
    summary: string;
  })[];
  alertsFiring: { rule: string; summary: string; since: string }[];
  cursors: { stream: string; value: string; updatedAt: string }[];
  queue: { jobs: Record<string, number>; outbox: Record<string, number>; inboxPending: number };
  deadLetters: number;
  /** Variants whose supplier stock is kept, conditions that hold, changes whose note or alert is still owed. */
  supplierStock: { variants: number; open: number; owed: number };
  tokens: { provider: string; accessExpiresAt: string; refreshExpiresAt: string | null; accessExpired: boolean; refreshExpiresSoon: boolean }[];
  locks: { name: string; holderPid: number; holderHost: string; expiresAt: string }[];
}

const THIRTY_DAYS = 30 * 86_400_000;

export function collectStatus(store: Store, now: Date = new Date()): StatusReport {
  const history = new RunHistory(store.db);
  const lastRuns = store.runs.latestPerCommand().map((r) => ({
    command: r.command,
    runId: r.runId,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    outcome: r.outcome,
    exitCode: r.exitCode,
    counts: r.counts,
    phases: r.phases,
    error: r.error,
    durationMs: r.finishedAt ? new Date(r.finishedAt).getTime() - new Date(r.startedAt).getTime() : null,
    gauges: history.get(r.id)?.gauges ?? {},
    summary: summarizeRun(r.counts, r.phases),
  }));
  const alertsFiring = new AlertStore(store.db, () => now.toISOString())
    .firing()
    .map((a) => ({ rule: a.rule, summary: a.summary, since: a.firstFiredAt }));
  return {
    stateFile: store.file,
    nothingRunYet: lastRuns.length === 0,
    lastRuns,
    alertsFiring,
    cursors: store.cursors.all(),
    queue: { jobs: store.jobs.depth(), outbox: store.outbox.counts(), inboxPending: store.inbox.counts().pending },
    deadLetters: store.deadLetters.activeCount(),
    supplierStock: store.stock.counts(),
    tokens: store.tokens.expiries().map((t) => ({
      provider: t.provider,
      accessExpiresAt: t.accessExpiresAt,
      refreshExpiresAt: t.refreshExpiresAt,
      accessExpired: new Date(t.accessExpiresAt) <= now,
      refreshExpiresSoon: t.refreshExpiresAt !== null && new Date(t.refreshExpiresAt).getTime() - now.getTime() < THIRTY_DAYS,
    })),
    locks: store.locks.list().map((l) => ({ name: l.name, holderPid: l.holderPid, holderHost: l.holderHost, expiresAt: l.expiresAt })),
  };
}

/** The report for a state file that does not exist yet. */
export function emptyStatus(stateFile: string): StatusReport {
  return {
    stateFile,
    nothingRunYet: true,
    lastRuns: [],
    alertsFiring: [],
    cursors: [],
    queue: { jobs: {}, outbox: { pending: 0, submitting: 0, submitted: 0, failed: 0 }, inboxPending: 0 },
    deadLetters: 0,
    supplierStock: { variants: 0, open: 0, owed: 0 },
    tokens: [],
    locks: [],
  };
}
