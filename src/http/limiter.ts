// Per-remote pacing: a rate limiter that slows down on flow control and recovers gradually, plus a concurrency cap.
import pLimit, { type LimitFunction } from 'p-limit';

export interface RateLimiterOptions {
  /** Calls per second allowed by configuration. */
  ratePerSecond: number;
  /** The slowest it will go after repeated flow control, as a share of the configured rate. */
  floorShare?: number;
  /** Successful calls between each step back up toward the configured rate. */
  recoverEvery?: number;
  now?: () => number;
}

/**
 * Spaces calls at the current rate, measured between actual sends: callers take turns, and each waits
 * until one interval has passed since the previous call really left. Booking slots ahead instead would
 * let calls bunch up after an event-loop pause and trip the remote's flow control; time lost in a
 * pause is simply not made up. A small margin absorbs network jitter.
 */
export class RateLimiter {
  private readonly configured: number;
  private readonly floor: number;
  private readonly recoverEvery: number;
  private readonly now: () => number;
  private current: number;
  private lastSent = Number.NEGATIVE_INFINITY;
  private turn: Promise<void> = Promise.resolve();
  private successes = 0;
  /** Milliseconds callers spent waiting for a slot, for metrics. */
  waitedMs = 0;
  throttled = 0;

  constructor(options: RateLimiterOptions) {
    this.configured = options.ratePerSecond;
    this.current = options.ratePerSecond;
    this.floor = Math.max(0.1, options.ratePerSecond * (options.floorShare ?? 0.1));
    this.recoverEvery = options.recoverEvery ?? 10;
    this.now = options.now ?? (() => performance.now());
  }

  get rate(): number {
    return this.current;
  }

  /** Waits until this caller may send one call. */
  acquire(signal?: AbortSignal): Promise<void> {
    const mine = this.turn.then(async () => {
      signal?.throwIfAborted();
      const wait = this.lastSent + (1_000 / this.current) * 1.04 - this.now();
      if (wait > 0) {
        this.waitedMs += wait;
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(resolve, Math.ceil(wait));
          signal?.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(signal.reason as Error);
          }, { once: true });
        });
      }
      this.lastSent = this.now();
    });
    this.turn = mine.catch(() => undefined);
    return mine;
  }

  /** The remote said "too fast": slow down by a fifth (not below the floor) and pause one interval. */
  penalize(): void {
    this.throttled += 1;
    this.successes = 0;
    this.current = Math.max(this.floor, this.current * 0.8);
    this.lastSent = Math.max(this.lastSent, this.now() + 1_000 / this.current);
  }

  /** A call went through: after enough of them, step 10% of the configured rate back up. */
  succeeded(): void {
    if (this.current >= this.configured) return;
    this.successes += 1;
    if (this.successes >= this.recoverEvery) {
      this.successes = 0;
      this.current = Math.min(this.configured, this.current + this.configured * 0.1);
    }
  }
}

/** A remote's pacing: rate limiter and concurrency cap together. */
export class RemotePacer {
  readonly limiter: RateLimiter;
  private readonly limit: LimitFunction;

  constructor(ratePerSecond: number, concurrency: number) {
    this.limiter = new RateLimiter({ ratePerSecond });
    this.limit = pLimit(concurrency);
  }

  /** Runs one call within the concurrency cap, after waiting for a rate slot. */
  run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.limit(async () => {
      await this.limiter.acquire(signal);
      return fn();
    });
  }

  get active(): number {
    return this.limit.activeCount;
  }

  get pending(): number {
    return this.limit.pendingCount;
  }
}
