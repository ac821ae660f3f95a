// Progress for long work (count, rate, ETA) on stderr, only on a terminal: cron mail and --json output stay clean.

export interface ProgressHost {
  io: { stderr: (text: string) => void; stderrIsTTY: boolean };
  options: { quiet: boolean; json: boolean };
}

export interface Progress {
  /** Adds `n` finished items (default 1). */
  tick(n?: number): void;
  /** Sets the expected total once it is known (e.g. after the first page). */
  setTotal(total: number): void;
  /** Draws the final line and ends it; further calls do nothing. */
  done(): void;
  /** False when this reporter draws nothing. */
  readonly enabled: boolean;
}

export interface ProgressOptions {
  clock?: () => number;
  /** Minimum milliseconds between redraws (default 100: at most ~10 a second). */
  intervalMs?: number;
}

/** 850ms, 12.3s, 4m05s (local, so flows that draw progress do not import the CLI layer). */
function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1_000);
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

const NOOP: Progress = { tick: () => undefined, setTotal: () => undefined, done: () => undefined, enabled: false };

/** The line shown for `done` of `total` items after `elapsedMs`. */
export function progressLine(label: string, done: number, total: number | undefined, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const parts = [label, total === undefined ? `${done}` : `${done}/${total}`];
  if (total !== undefined && total > 0) parts.push(`${Math.min(100, Math.floor((done * 100) / total))}%`);
  parts.push(`${rate.toFixed(1)}/s`);
  if (total !== undefined && rate > 0 && done < total) parts.push(`ETA ${formatDuration(((total - done) / rate) * 1000)}`);
  else if (total === undefined || done >= total) parts.push(formatDuration(elapsedMs));
  return parts.join('  ');
}

/**
 * A progress reporter for `label`. Draws on stderr only when stderr is a terminal and neither --quiet
 * nor --json is set; otherwise every call is a no-op. `host` is the CLI context (or anything shaped like it).
 */
export function createProgress(host: ProgressHost, label: string, total?: number, options: ProgressOptions = {}): Progress {
  if (!host.io.stderrIsTTY || host.options.quiet || host.options.json) return NOOP;
  const clock = options.clock ?? (() => performance.now());
  const interval = options.intervalMs ?? 100;
  const started = clock();
  const write = host.io.stderr;
  let count = 0;
  let expected = total;
  let lastDraw = -Infinity;
  let finished = false;
  const draw = (force: boolean): void => {
    const now = clock();
    if (!force && now - lastDraw < interval) return;
    lastDraw = now;
    // \r plus erase-to-end-of-line redraws in place; a shorter line leaves no leftovers.
    write(`\r${progressLine(label, count, expected, now - started)}\x1b[K`);
  };
  return {
    enabled: true,
    tick(n = 1) {
      if (finished) return;
      count += n;
      draw(false);
    },
    setTotal(value: number) {
      if (finished) return;
      expected = value;
      draw(false);
    },
    done() {
      if (finished) return;
      finished = true;
      draw(true);
      write('\n');
    },
  };
}
