// Gathers what `status` shows from the state file: last runs, cursors, queues, dead letters, tokens, leases.
import type { Store } from '../state/store.js';
import type { RunRecord } from '../state/runs.js';

export interface StatusReport {
  stateFile: string;
  nothingRunYet: boolean;
  lastRuns: (Pick<RunRecord, 'command' | 'runId' | 'startedAt' | 'finishedAt' | 'outcome' | 'exitCode' | 'counts' | 'error'> & {
    durationMs: number | null;
  })[];
  cursors: { stream: string; value: string; updatedAt: string }[];
  queue: { jobs: Record<string, number>; outbox: Record<string, number>; inboxPending: number };
  deadLetters: number;
  tokens: { provider: string; accessExpiresAt: string; refreshExpiresAt: string | null; accessExpired: boolean; refreshExpiresSoon: boolean }[];
  locks: { name: string; holderPid: number; holderHost: string; expiresAt: string }[];
}

const THIRTY_DAYS = 30 * 86_400_000;

export function collectStatus(store: Store, now: Date = new Date()): StatusReport {
  const lastRuns = store.runs.latestPerCommand().map((r) => ({
    command: r.command,
    runId: r.runId,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    outcome: r.outcome,
    exitCode: r.exitCode,
    counts: r.counts,
    error: r.error,
    durationMs: r.finishedAt ? new Date(r.finishedAt).getTime() - new Date(r.startedAt).getTime() : null,
  }));
  return {
    stateFile: store.file,
    nothingRunYet: lastRuns.length === 0,
    lastRuns,
    cursors: store.cursors.all(),
    queue: { jobs: store.jobs.depth(), outbox: store.outbox.counts(), inboxPending: store.inbox.counts().pending },
    deadLetters: store.deadLetters.activeCount(),
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
    cursors: [],
    queue: { jobs: {}, outbox: { pending: 0, submitting: 0, submitted: 0, failed: 0 }, inboxPending: 0 },
    deadLetters: 0,
    tokens: [],
    locks: [],
  };
}
