// A tracked run: takes the command's leases, records the run row with counts and phase times, releases on exit.
import path from 'node:path';
import { AppError, ExitCode } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { alertSettingsOf, publishRunEnd } from '../observability/publish.js';
import type { RunOutcome } from '../state/runs.js';
import type { AppContext } from './context.js';

const LEASE_MS = 10 * 60_000;

export class RunTracker {
  readonly counts: Record<string, number> = {};
  readonly phases: Record<string, number> = {};

  constructor(readonly runId: string, readonly logger: Logger) {}

  count(name: string, by = 1): void {
    this.counts[name] = (this.counts[name] ?? 0) + by;
  }

  /** Times `fn` and adds the milliseconds to the named phase. */
  async phase<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      this.phases[name] = (this.phases[name] ?? 0) + Math.round(performance.now() - started);
    }
  }
}

/**
 * Runs `fn` as one recorded run of `command` under the leases in `locks`. `fn` returns the exit code
 * it wants (0, or 5 when records were dead-lettered); thrown errors are recorded and passed on.
 */
export async function trackedRun(
  ctx: AppContext,
  command: string,
  locks: readonly string[],
  fn: (run: RunTracker) => Promise<ExitCode>,
): Promise<ExitCode> {
  const store = ctx.store();
  const holder = ctx.holder();
  const logger = ctx.logger().child({ command });
  const tracker = new RunTracker(ctx.runId, logger);
  const started = performance.now();
  if (locks.length > 0) store.locks.acquire(locks, holder, LEASE_MS);
  const runRow = store.runs.start(command, ctx.runId);
  const heartbeat = setInterval(() => {
    if (!store.locks.renew(locks, holder.runId, LEASE_MS)) logger.warn('a lease was taken over by another run');
  }, LEASE_MS / 3);
  heartbeat.unref();
  let exitCode: ExitCode = ExitCode.Internal;
  let error: string | null = null;
  let threw = false;
  try {
    exitCode = await fn(tracker);
    return exitCode;
  } catch (err) {
    threw = true;
    exitCode = err instanceof AppError ? err.exitCode : ExitCode.Internal;
    error = ctx.redactor.text(err instanceof Error ? err.message : String(err));
    throw err;
  } finally {
    clearInterval(heartbeat);
    tracker.phases.total = Math.round(performance.now() - started);
    const outcome: RunOutcome =
      // Dead letters and reconcile's differences are results that need a look, not a failed run.
      !threw && exitCode === ExitCode.Ok ? 'ok' : !threw && (exitCode === ExitCode.RecordsFailed || exitCode === ExitCode.Differences) ? 'partial' : 'failed';
    if (store.db.open) {
      store.runs.finish(runRow, { outcome, exitCode, counts: tracker.counts, phases: tracker.phases, error });
      store.locks.release(locks, holder.runId);
      const metricsFile = ctx.options.metricsFile ? path.resolve(ctx.io.cwd, ctx.options.metricsFile) : undefined;
      await publishRunEnd({ store, runRowId: runRow, logger, alerts: alertSettingsOf(ctx), delivery: ctx.alertDelivery, metricsFile });
    }
    logger.debug('run finished', { outcome, exitCode, counts: tracker.counts, phases: tracker.phases });
  }
}
