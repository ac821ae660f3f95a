// Fault injection knobs (timeouts, HTTP 5xx, dropped connections before/after commit) with a seeded PRNG.
import { createRandom } from '../random.js';

export type FaultKind = 'timeout' | 'http500' | 'http502' | 'drop-before' | 'drop-after';

/** Limits injected faults to matching calls (e.g. only purchase.order create). */
export interface FaultMatch {
  service?: 'common' | 'object';
  model?: string;
  method?: string;
}

export interface FaultOptions {
  /** Probabilities in [0, 1], all 0 by default. */
  timeoutRate?: number;
  http500Rate?: number;
  http502Rate?: number;
  dropBeforeRate?: number;
  /** Applied (committed) but the reply is lost. */
  dropAfterRate?: number;
  /** How long a "timeout" hangs before the socket is closed (cap; default 30 000 ms). */
  timeoutMs?: number;
  /** Seed for reproducible chaos; without it Math.random is used. */
  seed?: number;
  match?: FaultMatch;
}

export interface CallDescriptor {
  service: string;
  model?: string | undefined;
  method?: string | undefined;
}

function matchesCall(m: FaultMatch | undefined, call: CallDescriptor): boolean {
  if (!m) return true;
  return (!m.service || m.service === call.service) && (!m.model || m.model === call.model)
    && (!m.method || m.method === call.method);
}

/** Runtime-adjustable fault injection; `failNext` forces deterministic faults for tests. */
export class FaultInjector {
  private opts: FaultOptions = {};
  private random: () => number = Math.random;
  private readonly forced: { kind: FaultKind; match: FaultMatch | undefined; remaining: number }[] = [];
  /** How many faults of each kind were injected. */
  readonly injected: Record<FaultKind, number> = { timeout: 0, http500: 0, http502: 0, 'drop-before': 0, 'drop-after': 0 };

  constructor(options: FaultOptions = {}) {
    this.set(options);
  }

  get options(): Readonly<FaultOptions> {
    return this.opts;
  }

  get timeoutMs(): number {
    return Math.min(this.opts.timeoutMs ?? 30_000, 30_000);
  }

  /** Merges new knob values (a new `seed` restarts the PRNG). */
  set(options: FaultOptions): void {
    this.opts = { ...this.opts, ...options };
    if (options.seed !== undefined) this.random = createRandom(options.seed);
  }

  /** Turns every random fault off and forgets forced ones (the timeout cap is kept). */
  reset(): void {
    this.opts = this.opts.timeoutMs === undefined ? {} : { timeoutMs: this.opts.timeoutMs };
    this.forced.length = 0;
  }

  /** The next `count` calls matching `match` get this fault. */
  failNext(kind: FaultKind, match?: FaultMatch, count = 1): void {
    this.forced.push({ kind, match, remaining: count });
  }

  /** Decides the fault for one call (null = serve normally). */
  decide(call: CallDescriptor): FaultKind | null {
    const i = this.forced.findIndex((f) => matchesCall(f.match, call));
    if (i >= 0) {
      const f = this.forced[i] as (typeof this.forced)[number];
      if (--f.remaining <= 0) this.forced.splice(i, 1);
      this.injected[f.kind]++;
      return f.kind;
    }
    if (!matchesCall(this.opts.match, call)) return null;
    const table: [FaultKind, number | undefined][] = [
      ['timeout', this.opts.timeoutRate], ['http500', this.opts.http500Rate], ['http502', this.opts.http502Rate],
      ['drop-before', this.opts.dropBeforeRate], ['drop-after', this.opts.dropAfterRate],
    ];
    for (const [kind, rate] of table) {
      if (rate && this.random() < rate) {
        this.injected[kind]++;
        return kind;
      }
    }
    return null;
  }
}
