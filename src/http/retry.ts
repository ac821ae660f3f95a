// The one retry policy: exponential backoff with jitter and a cap, Retry-After honoured, attempts and time budget bounded.
import pRetry from 'p-retry';

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Total time allowed for all attempts and waits together. */
  budgetMs: number;
}

export interface RetryInfo {
  attempt: number;
  error: unknown;
  /** Attempts still allowed after this one. */
  retriesLeft: number;
}

export interface RetryOptions {
  isRetryable: (err: unknown) => boolean;
  /** A wait the remote asked for (Retry-After), in milliseconds. */
  retryAfterMs?: (err: unknown) => number | undefined;
  onRetry?: (info: RetryInfo) => void;
  signal?: AbortSignal | undefined;
  /** Adds every millisecond slept waiting to retry (for metrics). */
  onWait?: (ms: number) => void;
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    }, { once: true });
  });

/** Runs `fn` until it succeeds, fails with a non-retryable error, or the attempts or budget run out. */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, policy: RetryPolicy, options: RetryOptions): Promise<T> {
  const started = performance.now();
  return pRetry(fn, {
    retries: Math.max(0, policy.maxAttempts - 1),
    factor: 2,
    minTimeout: policy.baseDelayMs,
    maxTimeout: policy.maxDelayMs,
    randomize: true,
    maxRetryTime: policy.budgetMs,
    ...(options.signal ? { signal: options.signal } : {}),
    shouldRetry: ({ error }) => options.isRetryable(error),
    onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
      if (retriesLeft <= 0 || !options.isRetryable(error)) return;
      options.onRetry?.({ attempt: attemptNumber, error, retriesLeft });
      const asked = options.retryAfterMs?.(error);
      if (asked !== undefined && asked > 0) {
        const left = policy.budgetMs - (performance.now() - started);
        const wait = Math.min(asked, Math.max(0, left), policy.maxDelayMs * 4);
        options.onWait?.(wait);
        await sleep(wait, options.signal);
      }
    },
  });
}

/** Parses a Retry-After header (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1_000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The backoff before retry number `attempt` (1-based) of a queued job: base * 2^(n-1), capped, with equal jitter. */
export function backoffDelay(attempt: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random = Math.random): number {
  const capped = Math.min(policy.baseDelayMs * 2 ** Math.max(0, attempt - 1), policy.maxDelayMs);
  return Math.round(capped / 2 + (capped / 2) * random());
}
