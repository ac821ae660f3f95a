// What to do with a record that failed: retry it on a later run with backoff, dead-letter it, or stop the run.
import {
  AlibabaApiError,
  AppError,
  AuthError,
  OdooFaultError,
  RecordError,
  RemoteUnavailableError,
  describeError,
} from '../errors.js';
import { backoffDelay } from '../http/retry.js';
import type { Logger } from '../log/logger.js';
import type { FailureInfo } from '../state/dead-letters.js';
import type { Store } from '../state/store.js';

/** Backoff between runs for a record that failed transiently: 1 min, 2 min, 4 min ... capped at 6 h. */
export const RECORD_BACKOFF = { baseDelayMs: 60_000, maxDelayMs: 6 * 3_600_000 };

export interface Classified {
  /** The whole run should stop (remote down, credentials, rights): no record can succeed. */
  abortRun: boolean;
  /** Retrying the same record cannot help. */
  permanent: boolean;
  failure: FailureInfo;
}

export function classifyFailure(err: unknown): Classified {
  const failure: FailureInfo = {
    code: err instanceof AlibabaApiError ? err.platformCode : err instanceof AppError ? err.code : 'internal',
    message: describeError(err),
    context: {
      ...(err instanceof AppError && err.hint ? { hint: err.hint } : {}),
      ...(err instanceof AppError && err.details ? err.details : {}),
      ...(err instanceof Error && !(err instanceof AppError) && err.stack ? { stack: err.stack.split('\n').slice(0, 8).join('\n') } : {}),
    },
  };
  if (err instanceof RemoteUnavailableError || err instanceof AuthError) return { abortRun: true, permanent: false, failure };
  if (err instanceof OdooFaultError) {
    const systemic = err.kind === 'bad_credentials' || err.kind === 'access' || err.kind === 'unknown_model';
    return { abortRun: systemic, permanent: true, failure };
  }
  if (err instanceof AlibabaApiError) return { abortRun: false, permanent: !err.retryable, failure };
  if (err instanceof RecordError) return { abortRun: false, permanent: err.permanent, failure };
  return { abortRun: false, permanent: true, failure };
}

export interface FailedRecord {
  kind: string;
  key: string;
  /** What is needed to replay the record (ids, not secrets). */
  payload: unknown;
  error: unknown;
  correlationId?: string | undefined;
  /** Extra context for the dead letter (the request sent, the answer received). */
  context?: Record<string, unknown> | undefined;
}

/**
 * Files a failed record: it becomes a job retried on a later run, or a dead letter. Rethrows when the
 * failure means the whole run must stop; the record stays pending and nothing past it is committed.
 */
export function fileFailure(store: Store, logger: Logger, record: FailedRecord): 'retry' | 'dead' {
  const classified = classifyFailure(record.error);
  if (classified.abortRun) throw record.error;
  const attempts = store.jobs.byKey(record.kind, record.key)?.attempts ?? 0;
  const failure = { ...classified.failure, context: { ...classified.failure.context, ...record.context } };
  const outcome = store.jobs.recordFailure(record.kind, record.key, record.payload, failure, {
    permanent: classified.permanent,
    backoffMs: backoffDelay(attempts + 1, RECORD_BACKOFF),
    ...(record.correlationId ? { correlationId: record.correlationId } : {}),
  });
  const log = logger.child({ kind: record.kind, key: record.key, ...(record.correlationId ? { cid: record.correlationId } : {}) });
  if (outcome === 'dead') log.warn(`${record.kind} ${record.key} dead-lettered: ${failure.message}`, { code: failure.code });
  else log.warn(`${record.kind} ${record.key} failed, will retry on a later run: ${failure.message}`, { code: failure.code });
  return outcome;
}
