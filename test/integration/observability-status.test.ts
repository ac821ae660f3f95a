// `status` shows each command's last-run metrics: a compact line for humans, everything in --json.
import { beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { seedState, statePath } from './observability-helpers.js';

interface Report {
  lastRuns: { command: string; phases: Record<string, number>; gauges: Record<string, number>; summary: string; counts: Record<string, number> }[];
  alertsFiring: { rule: string }[];
}

describe('status with run metrics', () => {
  const dir = tempDir('aos-status-metrics-');
  let report: Report;
  let human: string;

  beforeAll(async () => {
    await seedState(dir);
    report = JSON.parse((await runInProcess(['status', '--json', '--state', statePath(dir)])).stdout) as Report;
    human = (await runInProcess(['status', '--state', statePath(dir)], { COLUMNS: '300' })).stdout;
  });

  it('gives every counter, phase and end-of-run gauge in --json', () => {
    const run = report.lastRuns.find((r) => r.command === 'pull-products')!;
    expect(run.counts).toMatchObject({ 'records.offer.created': 4, 'remote.alibaba.calls': 10 });
    expect(run.phases).toHaveProperty('fetch');
    expect(run.phases).toHaveProperty('total');
    expect(run.gauges).toMatchObject({ 'queue.jobs.offer': 2, 'queue.backlog': 4, 'dead_letters.active': 1 });
  });

  it('summarises records, remote calls and phases on one line per command', () => {
    expect(human).toContain('offer 4 created');
    expect(human).toContain('1688 10 calls, 1 errors, 2 retries, 1 throttled, wait 2.0s');
  });

  it('lists the alerts firing, even with no sink configured', () => {
    expect(report.alertsFiring).toEqual([expect.objectContaining({ rule: 'failed_run:push-orders' })]);
    expect(human).toContain('Alert firing since');
  });
});
