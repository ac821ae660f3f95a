// Pure: which parts of `sync` are due, from when each last ran and its interval.

export const PARTS = ['products', 'orders', 'shipments'] as const;
export type Part = (typeof PARTS)[number];

export interface DueInput {
  intervals: Readonly<Record<Part, number>>;
  /** ISO time each part last finished a run (any outcome but a crash). */
  lastRun: Readonly<Partial<Record<Part, string>>>;
  now: Date;
  /** Parts asked for by name (`--only`), run whatever their schedule. */
  only?: readonly Part[] | undefined;
  force?: boolean | undefined;
}

export interface DueDecision {
  part: Part;
  due: boolean;
  /** Why, for the summary: "never run", "last run 16m ago", "next in 9m". */
  reason: string;
  nextAt: string | undefined;
}

/**
 * A part is due when its interval has passed since it last ran, less a little slack: cron fires on the
 * minute and a run takes seconds, so a 15-minute job must not slip to every 30 minutes.
 */
export function slackFor(intervalMs: number): number {
  return Math.min(60_000, intervalMs * 0.1);
}

export function dueParts(input: DueInput): DueDecision[] {
  return PARTS.map((part) => {
    const interval = input.intervals[part];
    const last = input.lastRun[part];
    if (input.only && input.only.length > 0 && !input.only.includes(part)) return { part, due: false, reason: 'not asked for', nextAt: undefined };
    if (input.force || (input.only && input.only.includes(part))) return { part, due: true, reason: 'asked for', nextAt: undefined };
    if (!last) return { part, due: true, reason: 'never run', nextAt: undefined };
    const elapsed = input.now.getTime() - new Date(last).getTime();
    const next = new Date(new Date(last).getTime() + interval - slackFor(interval));
    if (elapsed >= interval - slackFor(interval)) return { part, due: true, reason: `last run ${ago(elapsed)} ago`, nextAt: undefined };
    return { part, due: false, reason: `next in ${ago(next.getTime() - input.now.getTime())}`, nextAt: next.toISOString() };
  });
}

function ago(ms: number): string {
  const m = Math.round(ms / 60_000);
  if (m < 1) return `${Math.max(0, Math.round(ms / 1000))}s`;
  if (m < 120) return `${m}m`;
  return `${Math.round(m / 60)}h`;
}

/** The worst exit code of several parts: a human-needed or internal problem outranks a partial run. */
export function worstExit(codes: readonly number[]): number {
  const rank = (c: number): number => ({ 0: 0, 6: 1, 5: 2, 7: 3, 4: 4, 3: 5, 2: 6, 1: 7 })[c] ?? 7;
  return codes.reduce((worst, c) => (rank(c) > rank(worst) ? c : worst), 0);
}
