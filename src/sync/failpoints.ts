// Crash points for tests of exactly-once: the process kills itself at a named step when asked to.

/** The steps of an order submission at which a crash must never cause a second order. */
export const ORDER_FAILPOINTS = ['after-claim', 'after-create', 'after-record', 'after-writeback'] as const;
export type Failpoint = (typeof ORDER_FAILPOINTS)[number];

export type FailpointHook = (point: Failpoint) => void;

/** A hook that SIGKILLs this process at `point` (no cleanup, no flush: a real crash). */
export function crashAt(point: string | undefined): FailpointHook | undefined {
  if (!point) return undefined;
  return (reached) => {
    if (reached === point) process.kill(process.pid, 'SIGKILL');
  };
}
