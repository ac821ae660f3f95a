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
 * Spaces calls evenly at the current rate (a reservation per call, so concurrent callers queue fairly).
 * A small margin keeps network jitter from pushing two calls into one window of the remote's counter.
 */
export class RateLimiter {
  private readonly configured: number;
  private readonly floor: number;
  private readonly recoverEvery: number;
  private readonly now: () => number;
  private current: number;
  private nextSlot = 0;
  private successes = 0;
  /** Milliseconds callers spent waiting for a slot, for metrics. */
  waitedMs = 0;
  throttled = 0;

  constructor(options: RateLimiterOptions) {
    this.configured = options.ratePerSecond;
    this.current = options.ratePerSecond;
    this.floor = Math.max(0.1, options.ratePerSecond * (options.floorShare ?? 0.1));
    this.recoverEvery = options.recoverEvery ?? 20;
    this.now = options.now ?? (() => performance.now());
  }

  get rate(): number {
    return this.current;
  }

  /** Waits until this caller may send one call. */
  async acquire(signal?: AbortSignal): Promise<void> {
    const interval = (1_000 / this.current) * 1.03;
    const now = this.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + interval;
    const wait = slot - now;
    if (wait <= 0) return;
    this.waitedMs += wait;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, Math.ceil(wait));
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      }, { once: true });
    });
  }

  /** The remote said "too fast": halve the rate (down to the floor) and push the next slot back. */
  penalize(): void {
    this.throttled += 1;
    this.successes = 0;
    this.current = Math.max(this.floor, this.current / 2);
    this.nextSlot = Math.max(this.nextSlot, this.now() + 1_000 / this.current);
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
