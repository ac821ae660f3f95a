// Progress on stderr: drawn only on a terminal without --quiet or --json, at most ten redraws a second.
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { createProgress, progressLine } from '../../src/observability/progress.js';

const tty = (): ReturnType<typeof memoryIo> => ({ ...memoryIo(), stderrIsTTY: true });
const host = (io: ReturnType<typeof memoryIo>, options: { quiet?: boolean; json?: boolean } = {}) => ({
  io,
  options: { quiet: options.quiet ?? false, json: options.json ?? false },
});

describe('createProgress', () => {
  it('writes nothing when stderr is not a terminal', () => {
    const io = memoryIo();
    const p = createProgress(host(io), 'offers', 10);
    p.tick(5);
    p.done();
    expect(io.err).toEqual([]);
    expect(p.enabled).toBe(false);
  });

  it('writes nothing with --quiet or --json, even on a terminal', () => {
    const quiet = tty();
    const json = tty();
    createProgress(host(quiet, { quiet: true }), 'offers').done();
    createProgress(host(json, { json: true }), 'offers').done();
    expect([...quiet.err, ...json.err]).toEqual([]);
  });

  it('redraws in place on a terminal and ends the line when done', () => {
    const io = tty();
    let now = 0;
    const p = createProgress(host(io), 'offers', 4, { clock: () => now });
    now = 1_000;
    p.tick(2);
    now = 2_000;
    p.done();
    expect(io.err[0]).toMatch(/^\roffers {2}2\/4 {2}50% {2}2\.0\/s {2}ETA 1\.0s/);
    expect(io.err.at(-1)).toBe('\n');
  });

  it('redraws at most once per interval however often it ticks', () => {
    const io = tty();
    let now = 0;
    const p = createProgress(host(io), 'variants', 1_000, { clock: () => now });
    for (let i = 0; i < 1_000; i += 1) {
      now += 1;
      p.tick();
    }
    expect(io.err.length).toBeLessThanOrEqual(11);
    expect(io.err.length).toBeGreaterThanOrEqual(9);
  });
});

describe('progressLine', () => {
  it('shows count, rate and elapsed time when the total is unknown', () => {
    expect(progressLine('messages', 30, undefined, 10_000)).toBe('messages  30  3.0/s  10.0s');
  });
});
