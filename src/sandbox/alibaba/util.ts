// Small helpers for the 1688 simulator: seeded randomness, China-time date spellings, errors, sleep.

export { createRandom } from '../random.js';

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

export function intBetween(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

const CHINA_OFFSET_MS = 8 * 3600_000;
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function chinaParts(ms: number): { y: string; mo: string; d: string; h: string; mi: string; s: string; ms: string } {
  const t = new Date(ms + CHINA_OFFSET_MS);
  return {
    y: String(t.getUTCFullYear()),
    mo: pad(t.getUTCMonth() + 1),
    d: pad(t.getUTCDate()),
    h: pad(t.getUTCHours()),
    mi: pad(t.getUTCMinutes()),
    s: pad(t.getUTCSeconds()),
    ms: pad(t.getUTCMilliseconds(), 3),
  };
}

/** `yyyyMMddHHmmssSSS+0800`, the API date spelling. */
export function formatApiDate(ms: number): string {
  const p = chinaParts(ms);
  return `${p.y}${p.mo}${p.d}${p.h}${p.mi}${p.s}${p.ms}+0800`;
}

/** `yyyyMMddHHmmss+0800`, the refresh_token_timeout spelling. */
export function formatTokenDate(ms: number): string {
  const p = chinaParts(ms);
  return `${p.y}${p.mo}${p.d}${p.h}${p.mi}${p.s}+0800`;
}

/** `yyyy-MM-dd HH:mm:ss` in China time, the push-message and logistics-step spelling. */
export function formatSpacedDate(ms: number): string {
  const p = chinaParts(ms);
  return `${p.y}-${p.mo}-${p.d} ${p.h}:${p.mi}:${p.s}`;
}

/** Money is kept in fen internally; the wire uses yuan with at most two decimals. */
export function fenToYuan(fen: number): number {
  return Math.round(fen) / 100;
}

/** A failure of a control operation (unknown order, wrong state), reported with an HTTP status. */
export class SimulatorError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'SimulatorError';
    this.status = status;
  }
}

export function sleep(ms: number, timers?: Set<NodeJS.Timeout>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      timers?.delete(timer);
      resolve();
    }, ms);
    timers?.add(timer);
  });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
