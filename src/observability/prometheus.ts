// Prometheus metrics from the state file: runs, records, remotes, queues, tokens, alerts; and the atomic textfile write.
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Store } from '../state/store.js';
import { AlertStore } from './alerts/state.js';
import { SLOW_RUN_WINDOW, completedDurations, consecutiveAuthFailures, median } from './alerts/rules.js';
import { formatExposition, sanitizeName, type MetricFamily, type Sample } from './exposition.js';
import { parseRecordMetric, parseRemoteMetric } from './metrics.js';
import { RunHistory } from './run-history.js';

export const PREFIX = 'alibaba_odoo_sync_';
const OUTCOMES = ['ok', 'partial', 'failed'] as const;
/** `remote.<remote>.<what>` counters and the family each one feeds; values in ms become seconds. */
const REMOTE_FAMILIES: Record<string, { name: string; help: string; scale: number }> = {
  calls: { name: 'remote_calls_total', help: 'Calls to a remote (1688 API calls, Odoo round trips).', scale: 1 },
  errors: { name: 'remote_errors_total', help: 'Calls to a remote that failed.', scale: 1 },
  retries: { name: 'remote_retries_total', help: 'Retries of calls to a remote.', scale: 1 },
  throttled: { name: 'remote_throttled_total', help: 'Calls refused by flow control (1688 rate limits).', scale: 1 },
  ratelimit_wait_ms: { name: 'ratelimit_wait_seconds_total', help: 'Time spent waiting for the rate limiter and Retry-After.', scale: 1 / 1000 },
};

const seconds = (iso: string): number => Math.round(new Date(iso).getTime() / 1000);

function family(name: string, type: MetricFamily['type'], help: string, samples: Sample[] = []): MetricFamily {
  return { name: `${PREFIX}${name}`, type, help, samples };
}

/** Every metric family, read from the store at `now`. */
export function collectMetrics(store: Store, now: Date = new Date()): MetricFamily[] {
  const history = new RunHistory(store.db);
  const latest = history.latestPerCommand();
  const outcome = family('last_run_outcome', 'gauge', 'Outcome of the last run of a command: 1 for its outcome, 0 for the others.');
  const exitCode = family('last_run_exit_code', 'gauge', 'Exit code of the last run of a command.');
  const duration = family('last_run_duration_seconds', 'gauge', 'Duration of the last run of a command.');
  const finished = family('last_run_timestamp_seconds', 'gauge', 'When the last run of a command finished (Unix time).');
  const lastPhase = family('last_run_phase_seconds', 'gauge', 'Time per phase (fetch, map, write, total) in the last run of a command.');
  const typical = family('run_duration_median_seconds', 'gauge', `Median duration of the last ${SLOW_RUN_WINDOW} completed runs of a command (the slow-run alert baseline).`);
  for (const run of latest) {
    const command = { command: run.command };
    for (const o of OUTCOMES) outcome.samples.push({ labels: { ...command, outcome: o }, value: run.outcome === o ? 1 : 0 });
    if (run.exitCode !== null) exitCode.samples.push({ labels: command, value: run.exitCode });
    duration.samples.push({ labels: command, value: run.durationMs / 1000 });
    finished.samples.push({ labels: command, value: seconds(run.finishedAt) });
    for (const [phase, ms] of Object.entries(run.phases)) lastPhase.samples.push({ labels: { ...command, phase }, value: ms / 1000 });
    const durations = completedDurations(history.previous(run.command, Number.MAX_SAFE_INTEGER, SLOW_RUN_WINDOW));
    if (durations.length > 0) typical.samples.push({ labels: command, value: median(durations) / 1000 });
  }
  const success = family('last_success_timestamp_seconds', 'gauge', 'When a command last finished ok or partial (Unix time).');
  for (const [command, at] of Object.entries(history.lastSuccess())) success.samples.push({ labels: { command }, value: seconds(at) });
  const runs = family('runs_total', 'counter', 'Finished runs per command and outcome.');
  for (const r of history.totals('outcomes')) runs.samples.push({ labels: { command: r.command, outcome: r.key }, value: r.value });
  return [
    outcome,
    exitCode,
    duration,
    finished,
    success,
    lastPhase,
    typical,
    runs,
    ...countFamilies(history),
    ...stateFamilies(store, history, now),
  ];
}

/** Counters summed over every run: records, phases, remote calls, anything else a flow counted. */
function countFamilies(history: RunHistory): MetricFamily[] {
  const records = family('records_total', 'counter', 'Records processed, by command, kind and outcome.');
  const phases = family('phase_seconds_total', 'counter', 'Time spent per phase (fetch, map, write, total).');
  const remotes = new Map<string, MetricFamily>();
  for (const spec of Object.values(REMOTE_FAMILIES)) remotes.set(spec.name, family(spec.name, 'counter', spec.help));
  const other = family('events_total', 'counter', 'Other counters recorded by runs, by name.');
  for (const { command, key, value } of history.totals('counts')) {
    const record = parseRecordMetric(key);
    const remote = parseRemoteMetric(key);
    const spec = remote ? REMOTE_FAMILIES[remote.what] : undefined;
    if (record) records.samples.push({ labels: { command, kind: record.kind, outcome: record.outcome }, value });
    else if (remote && spec) remotes.get(spec.name)!.samples.push({ labels: { command, remote: remote.remote }, value: value * spec.scale });
    else other.samples.push({ labels: { command, name: sanitizeName(key) }, value });
  }
  for (const { command, key, value } of history.totals('phases')) phases.samples.push({ labels: { command, phase: key }, value: value / 1000 });
  return [records, phases, ...remotes.values(), other];
}

/** Gauges read live from the state: queues, dead letters, tokens, alerts. */
function stateFamilies(store: Store, history: RunHistory, now: Date): MetricFamily[] {
  const jobs = family('queue_jobs', 'gauge', 'Jobs waiting in the work queue, by kind.');
  for (const [kind, n] of Object.entries(store.jobs.depth())) jobs.samples.push({ labels: { kind }, value: n });
  const outbox = family('outbox_entries', 'gauge', 'Purchase orders in the outbox, by state.');
  const outboxCounts = store.outbox.counts();
  for (const [state, n] of Object.entries(outboxCounts)) outbox.samples.push({ labels: { state }, value: n });
  const inbox = store.inbox.counts().pending;
  const backlog = Object.values(store.jobs.depth()).reduce((a, b) => a + b, 0) + outboxCounts.pending + outboxCounts.submitting + inbox;
  const tokens = family('token_expiry_timestamp_seconds', 'gauge', 'When a stored OAuth token expires (Unix time), by provider and token.');
  for (const t of store.tokens.expiries()) {
    tokens.samples.push({ labels: { provider: t.provider, token: 'access' }, value: seconds(t.accessExpiresAt) });
    if (t.refreshExpiresAt) tokens.samples.push({ labels: { provider: t.provider, token: 'refresh' }, value: seconds(t.refreshExpiresAt) });
  }
  const alerts = family('alert_firing', 'gauge', 'Alert rules: 1 while firing, 0 once resolved.');
  for (const a of new AlertStore(store.db, () => now.toISOString()).list()) alerts.samples.push({ labels: { rule: a.rule }, value: a.state === 'firing' ? 1 : 0 });
  return [
    jobs,
    outbox,
    family('inbox_pending', 'gauge', 'Push messages received and not yet processed.', [{ value: inbox }]),
    family('queue_backlog', 'gauge', 'Jobs + unsent outbox entries + pending inbox messages (the backlog alert watches it).', [{ value: backlog }]),
    family('dead_letters', 'gauge', 'Dead letters not discarded.', [{ value: store.deadLetters.activeCount() }]),
    family('auth_failures_consecutive', 'gauge', 'Latest runs in a row that ended with exit code 3 (authentication needed).', [
      { value: consecutiveAuthFailures(history.recent(50)) },
    ]),
    tokens,
    alerts,
    family('supplier_stock_conditions', 'gauge', 'Supplier stock conditions that hold (below open orders, below the minimum).', [{ value: store.stock.counts().open }]),
    family('metrics_generated_timestamp_seconds', 'gauge', 'When these metrics were rendered (Unix time).', [{ value: Math.round(now.getTime() / 1000) }]),
  ];
}

/** The exposition text for the state: what `--metrics-file` writes and `serve` exposes at GET /metrics. */
export function renderMetrics(store: Store, now: Date = new Date()): string {
  return formatExposition(collectMetrics(store, now));
}

/**
 * Writes `text` to `file` atomically (a temp file in the same folder, then rename), so node_exporter's
 * textfile collector never reads a half-written file.
 */
export function writeFileAtomic(file: string, text: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, text, { mode: 0o644 });
    renameSync(temp, file);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}
