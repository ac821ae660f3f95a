// Alert rules: which conditions fire, clear or hold, from hand-made run histories.
import { describe, expect, it } from 'vitest';
import { evaluateRules, median, type AlertThresholds, type RuleInput, type Verdict } from '../../src/observability/alerts/rules.js';
import type { RunSample } from '../../src/observability/run-history.js';

const T: AlertThresholds = { authFailures: 3, deadLetters: 10, slowRunFactor: 3, backlog: 25 };
let id = 0;
function run(over: Partial<RunSample> = {}): RunSample {
  id += 1;
  return {
    id,
    runId: `r${id}`,
    command: 'sync',
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:01:00.000Z',
    outcome: 'ok',
    exitCode: 0,
    durationMs: 1_000,
    counts: {},
    phases: {},
    gauges: {},
    ...over,
  };
}
function input(over: Partial<RuleInput> = {}): RuleInput {
  const current = over.run ?? run();
  return { run: current, previous: [], recent: [current], deadLetters: 0, ...over };
}
const verdict = (list: Verdict[], rule: string): Verdict | undefined => list.find((v) => v.rule === rule);
const auth = (n: number): RunSample[] => Array.from({ length: n }, () => run({ outcome: 'failed', exitCode: 3 }));

describe('the authentication rule', () => {
  it('fires after the configured number of consecutive exit-3 runs', () => {
    expect(verdict(evaluateRules(input({ recent: auth(3) }), T), 'auth_failures')).toMatchObject({ action: 'fire', severity: 'critical' });
  });

  it('holds below the threshold', () => {
    expect(verdict(evaluateRules(input({ recent: auth(2) }), T), 'auth_failures')).toBeUndefined();
  });

  it('clears when the newest run did not fail authentication', () => {
    expect(verdict(evaluateRules(input({ recent: [run(), ...auth(3)] }), T), 'auth_failures')).toEqual({ rule: 'auth_failures', action: 'clear' });
  });
});

describe('the dead-letter rule', () => {
  it('fires at the threshold', () => {
    expect(verdict(evaluateRules(input({ deadLetters: 10 }), T), 'dead_letters')?.action).toBe('fire');
  });

  it('clears below it', () => {
    expect(verdict(evaluateRules(input({ deadLetters: 9 }), T), 'dead_letters')?.action).toBe('clear');
  });
});

describe('the failed-run rule', () => {
  it('fires per command on a failed run', () => {
    const failed = run({ command: 'push-orders', outcome: 'failed', exitCode: 4 });
    expect(verdict(evaluateRules(input({ run: failed }), T), 'failed_run:push-orders')).toMatchObject({ action: 'fire', severity: 'error' });
  });

  it('leaves an authentication failure to the authentication rule', () => {
    const failed = run({ outcome: 'failed', exitCode: 3 });
    expect(verdict(evaluateRules(input({ run: failed }), T), 'failed_run:sync')).toBeUndefined();
  });

  it('clears on a partial run', () => {
    expect(verdict(evaluateRules(input({ run: run({ outcome: 'partial', exitCode: 5 }) }), T), 'failed_run:sync')?.action).toBe('clear');
  });
});

describe('the slow-run rule', () => {
  const history = (n: number): RunSample[] => Array.from({ length: n }, (_, i) => run({ durationMs: 1_000 + i * 10 }));

  it('fires when a run is slower than the factor times the median of the previous runs', () => {
    expect(verdict(evaluateRules(input({ run: run({ durationMs: 3_200 }), previous: history(5) }), T), 'slow_run:sync')?.action).toBe('fire');
  });

  it('clears for a run within the factor', () => {
    expect(verdict(evaluateRules(input({ run: run({ durationMs: 2_900 }), previous: history(5) }), T), 'slow_run:sync')?.action).toBe('clear');
  });

  it('needs five previous completed runs', () => {
    const previous = [...history(4), run({ outcome: 'failed', exitCode: 1, durationMs: 10 })];
    expect(verdict(evaluateRules(input({ run: run({ durationMs: 60_000 }), previous }), T), 'slow_run:sync')).toBeUndefined();
  });
});

describe('the backlog rule', () => {
  const depths = (...d: number[]): RunSample[] => d.map((n) => run({ gauges: { 'queue.backlog': n } })).reverse();

  it('fires when the backlog grew over the last three runs and is above the threshold', () => {
    expect(verdict(evaluateRules(input({ recent: depths(20, 30, 40) }), T), 'backlog')?.action).toBe('fire');
  });

  it('does not fire on growth that stays under the threshold', () => {
    expect(verdict(evaluateRules(input({ recent: depths(5, 10, 20) }), T), 'backlog')?.action).toBe('clear');
  });

  it('holds a high but steady backlog', () => {
    expect(verdict(evaluateRules(input({ recent: depths(40, 40, 40) }), T), 'backlog')).toBeUndefined();
  });

  it('clears once the backlog shrinks', () => {
    expect(verdict(evaluateRules(input({ recent: depths(30, 40, 35) }), T), 'backlog')?.action).toBe('clear');
  });
});

describe('median', () => {
  it('averages the two middle values of an even list', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
