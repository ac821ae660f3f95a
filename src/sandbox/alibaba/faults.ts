// Fault injection knobs (all off by default), a seeded dice, and the sliding one-second call windows.
import { createRandom } from './util.js';

export interface FaultKnobs {
  /** Added delay before every API call is handled. */
  latencyMs: number;
  /** Shares (0..1) of API calls answered with a fault instead of being handled. */
  serverErrorRate: number;
  timeoutRate: number;
  resetRate: number;
  flowControlRate: number;
  /** fastCreateOrder only: store the order, then destroy the socket instead of answering. */
  dropAfterCreateRate: number;
  /** fastCreateOrder only: answer in the documented flat shape `{totalSuccessAmount, orderId, success:false}`. */
  flatCreateAnswerRate: number;
  /** How long a "timeout" holds the request before destroying the socket (bounded to 120 s). */
  timeoutHoldMs: number;
}

export const DEFAULT_FAULTS: FaultKnobs = {
  latencyMs: 0,
  serverErrorRate: 0,
  timeoutRate: 0,
  resetRate: 0,
  flowControlRate: 0,
  dropAfterCreateRate: 0,
  flatCreateAnswerRate: 0,
  timeoutHoldMs: 10_000,
};

export interface FaultCounts {
  serverError: number;
  timeout: number;
  reset: number;
  flowControl: number;
  dropAfterCreate: number;
  flatCreateAnswer: number;
}

export type PreFault = 'serverError' | 'timeout' | 'reset' | 'flowControl';

export class FaultInjector {
  readonly knobs: FaultKnobs;
  readonly counts: FaultCounts = { serverError: 0, timeout: 0, reset: 0, flowControl: 0, dropAfterCreate: 0, flatCreateAnswer: 0 };
  private random: () => number;

  constructor(seed: number, knobs: Partial<FaultKnobs> = {}) {
    this.knobs = { ...DEFAULT_FAULTS, ...knobs };
    this.random = createRandom(seed);
  }

  reseed(seed: number): void {
    this.random = createRandom(seed);
  }

  roll(rate: number): boolean {
    return rate > 0 && this.random() < rate;
  }

  /** Picks at most one fault to answer a call with, before it is handled. */
  preHandler(): PreFault | undefined {
    const order: [PreFault, number][] = [
      ['reset', this.knobs.resetRate],
      ['timeout', this.knobs.timeoutRate],
      ['serverError', this.knobs.serverErrorRate],
      ['flowControl', this.knobs.flowControlRate],
    ];
    for (const [fault, rate] of order) {
      if (this.roll(rate)) {
        this.counts[fault]++;
        return fault;
      }
    }
    return undefined;
  }

  update(patch: Partial<FaultKnobs>): FaultKnobs {
    for (const key of Object.keys(DEFAULT_FAULTS) as (keyof FaultKnobs)[]) {
      const value = patch[key];
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0) this.knobs[key] = value;
    }
    this.knobs.timeoutHoldMs = Math.min(this.knobs.timeoutHoldMs, 120_000);
    return this.knobs;
  }
}

/** Timestamps of calls in the last second; reports the count and the highest count ever seen. */
export class CallWindow {
  private readonly times: number[] = [];
  max = 0;

  /** Number of calls in the window ending at `now`, before adding this one. */
  count(now: number): number {
    while (this.times.length > 0 && this.times[0]! <= now - 1000) this.times.shift();
    return this.times.length;
  }

  add(now: number): void {
    this.count(now);
    this.times.push(now);
    this.max = Math.max(this.max, this.times.length);
  }
}
