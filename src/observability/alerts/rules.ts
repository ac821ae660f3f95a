// Alert rules (pure): from the run that just finished and the runs before it, which alerts fire, clear or hold.
import { ExitCode } from '../../errors.js';
import { Gauge } from '../metrics.js';
import type { RunSample } from '../run-history.js';

export type Severity = 'critical' | 'error' | 'warning' | 'info';

export interface AlertThresholds {
  /** Consecutive runs that ended with exit code 3. */
  authFailures: number;
  /** Active dead letters. */
  deadLetters: number;
  /** A run slower than this many times the trailing median is slow. */
  slowRunFactor: number;
  /** Backlog (jobs + unsent outbox + pending inbox) above which growth alerts. */
  backlog: number;
}

/** Defaults that are not in the config (the dashboard draws the same lines). */
export const BACKLOG_THRESHOLD = 25;
export const SLOW_RUN_MIN_HISTORY = 5;
export const SLOW_RUN_WINDOW = 10;
export const BACKLOG_RUNS = 3;

export interface RuleInput {
  /** The run that just finished. */
  run: RunSample;
  /** Earlier finished runs of the same command, newest first (up to SLOW_RUN_WINDOW). */
  previous: readonly RunSample[];
  /** The latest finished runs of every command, newest first, the current one included. */
  recent: readonly RunSample[];
  /** Active dead letters now. */
  deadLetters: number;
}

export type Verdict =
  | { rule: string; action: 'fire'; severity: Severity; summary: string; details: Record<string, unknown> }
  | { rule: string; action: 'clear' };

/** Runs that ended with exit code 3, counted back from the newest. */
export function consecutiveAuthFailures(recent: readonly RunSample[]): number {
  let n = 0;
  for (const run of recent) {
    if (run.exitCode !== ExitCode.AuthNeeded) break;
    n += 1;
  }
  return n;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Durations of the runs that did their work (ok or partial); failed runs are often fast and would skew it. */
export function completedDurations(runs: readonly RunSample[]): number[] {
  return runs.filter((r) => r.outcome === 'ok' || r.outcome === 'partial').map((r) => r.durationMs);
}

/** Rules that hold (neither fire nor clear) are left out: their state stays as it was. */
export function evaluateRules(input: RuleInput, t: AlertThresholds): Verdict[] {
  return [authRule(input, t), deadLetterRule(input, t), failedRunRule(input), slowRunRule(input, t), backlogRule(input, t)].filter(
    (v): v is Verdict => v !== undefined,
  );
}

function authRule({ recent }: RuleInput, t: AlertThresholds): Verdict | undefined {
  const n = consecutiveAuthFailures(recent);
  if (n === 0) return { rule: 'auth_failures', action: 'clear' };
  if (n < t.authFailures) return undefined;
  return {
    rule: 'auth_failures',
    action: 'fire',
    severity: 'critical',
    summary: `authentication failed in ${n} consecutive runs; run \`alibaba-odoo-sync auth login\``,
    details: { consecutive: n, threshold: t.authFailures, lastCommand: recent[0]?.command },
  };
}

function deadLetterRule({ deadLetters }: RuleInput, t: AlertThresholds): Verdict {
  if (deadLetters < t.deadLetters) return { rule: 'dead_letters', action: 'clear' };
  return {
    rule: 'dead_letters',
    action: 'fire',
    severity: 'warning',
    summary: `${deadLetters} dead letters waiting (threshold ${t.deadLetters}); see \`alibaba-odoo-sync dlq list\``,
    details: { deadLetters, threshold: t.deadLetters },
  };
}

/** An authentication failure is left to its own rule and threshold, so one expired token is not two alerts. */
function failedRunRule({ run }: RuleInput): Verdict | undefined {
  const rule = `failed_run:${run.command}`;
  if (run.outcome === 'ok' || run.outcome === 'partial') return { rule, action: 'clear' };
  if (run.outcome !== 'failed' || run.exitCode === ExitCode.AuthNeeded) return undefined;
  return {
    rule,
    action: 'fire',
    severity: 'error',
    summary: `${run.command} failed with exit code ${run.exitCode ?? 'unknown'}`,
    details: { exitCode: run.exitCode, runId: run.runId },
  };
}

function slowRunRule({ run, previous }: RuleInput, t: AlertThresholds): Verdict | undefined {
  const rule = `slow_run:${run.command}`;
  const history = completedDurations(previous.slice(0, SLOW_RUN_WINDOW));
  if (history.length < SLOW_RUN_MIN_HISTORY || completedDurations([run]).length === 0) return undefined;
  const typical = median(history);
  if (run.durationMs <= typical * t.slowRunFactor) return { rule, action: 'clear' };
  return {
    rule,
    action: 'fire',
    severity: 'warning',
    summary: `${run.command} took ${Math.round(run.durationMs / 1000)}s, over ${t.slowRunFactor}x its median of ${Math.round(typical / 1000)}s`,
    details: { durationMs: run.durationMs, medianMs: typical, factor: t.slowRunFactor, runs: history.length },
  };
}

/** Fires on growth over the last runs; clears only once the backlog shrinks or drops under the threshold. */
function backlogRule({ recent }: RuleInput, t: AlertThresholds): Verdict | undefined {
  const depths = recent
    .slice(0, BACKLOG_RUNS)
    .map((r) => r.gauges[Gauge.backlog])
    .reverse();
  if (depths.length < BACKLOG_RUNS || depths.some((d) => d === undefined)) return undefined;
  const [a, b, c] = depths as [number, number, number];
  if (c <= t.backlog || c < b) return { rule: 'backlog', action: 'clear' };
  if (!(a < b && b < c)) return undefined;
  return {
    rule: 'backlog',
    action: 'fire',
    severity: 'warning',
    summary: `backlog grew over the last ${BACKLOG_RUNS} runs to ${c} (threshold ${t.backlog})`,
    details: { depths, threshold: t.backlog },
  };
}
