// --metrics-file: after a tracked run, a valid Prometheus textfile with the run's records, phases, remotes and queues.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { runInProcess } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { ACCESS_EXPIRY, parseExposition, runOnce, seedState, valueOf, type ParsedFamily } from './observability-helpers.js';

const P = 'alibaba_odoo_sync_';
describe('the metrics file', () => {
  const dir = tempDir('aos-metrics-');
  const file = path.join(dir, 'alibaba_odoo_sync.prom');
  let families: Map<string, ParsedFamily>;

  beforeAll(async () => {
    await seedState(dir, file);
    families = parseExposition(readFileSync(file, 'utf8'));
  });

  it('declares a HELP and TYPE for every family, and counters end in _total', () => {
    for (const [name, f] of families) {
      expect(f.help.length, name).toBeGreaterThan(0);
      expect(['counter', 'gauge']).toContain(f.type);
      if (f.type === 'counter') expect(name).toMatch(/_total$/);
    }
  });

  it('sums records over runs by command, kind and outcome', () => {
    expect(valueOf(families, `${P}records_total`, { command: 'pull-products', kind: 'offer', outcome: 'created' })).toBe(7);
    expect(valueOf(families, `${P}records_total`, { command: 'pull-products', kind: 'variant', outcome: 'dead_lettered' })).toBe(2);
  });

  it('marks the last outcome of each command with a gauge per outcome', () => {
    expect(valueOf(families, `${P}last_run_outcome`, { command: 'pull-products', outcome: 'partial' })).toBe(1);
    expect(valueOf(families, `${P}last_run_outcome`, { command: 'pull-products', outcome: 'ok' })).toBe(0);
    expect(valueOf(families, `${P}last_run_outcome`, { command: 'push-orders', outcome: 'failed' })).toBe(1);
    expect(valueOf(families, `${P}last_run_exit_code`, { command: 'push-orders' })).toBe(4);
  });

  it('counts remote calls, errors and retries per remote, and the rate-limit wait in seconds', () => {
    expect(valueOf(families, `${P}remote_calls_total`, { command: 'pull-products', remote: 'alibaba' })).toBe(20);
    expect(valueOf(families, `${P}remote_calls_total`, { command: 'pull-products', remote: 'odoo' })).toBe(12);
    expect(valueOf(families, `${P}remote_errors_total`, { command: 'pull-products', remote: 'alibaba' })).toBe(2);
    expect(valueOf(families, `${P}remote_retries_total`, { command: 'pull-products', remote: 'odoo' })).toBe(2);
    expect(valueOf(families, `${P}ratelimit_wait_seconds_total`, { command: 'pull-products', remote: 'alibaba' })).toBe(4);
  });

  it('reports durations in seconds and the last success time only for commands that succeeded', () => {
    const total = valueOf(families, `${P}last_run_phase_seconds`, { command: 'pull-products', phase: 'total' });
    expect(total).toBeGreaterThanOrEqual(0);
    expect(total).toBeLessThan(60);
    expect(valueOf(families, `${P}last_success_timestamp_seconds`, { command: 'pull-products' })).toBeGreaterThan(1.7e9);
    expect(valueOf(families, `${P}last_success_timestamp_seconds`, { command: 'push-orders' })).toBeUndefined();
  });

  it('shows queue depth, dead letters and the token expiry from the state', () => {
    expect(valueOf(families, `${P}queue_jobs`, { kind: 'offer' })).toBe(2);
    expect(valueOf(families, `${P}outbox_entries`, { state: 'pending' })).toBe(1);
    expect(valueOf(families, `${P}inbox_pending`)).toBe(1);
    expect(valueOf(families, `${P}queue_backlog`)).toBe(4);
    expect(valueOf(families, `${P}dead_letters`)).toBe(1);
    expect(valueOf(families, `${P}token_expiry_timestamp_seconds`, { provider: '1688', token: 'access' })).toBe(ACCESS_EXPIRY.getTime() / 1000);
  });

  it('contains no token value', () => {
    expect(readFileSync(file, 'utf8')).not.toContain('access-token-value');
  });

  it('leaves no temporary file beside it', () => {
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('--metrics-file failures', () => {
  it('do not fail the run and are logged as a warning', async () => {
    const dir = tempDir('aos-metrics-bad-');
    const file = path.join(dir, 'missing-dir', 'x.prom');
    const r = await runOnce(dir, '', 'pull-products', () => Promise.resolve(ExitCode.Ok), { metricsFile: file });
    expect(r.code).toBe(ExitCode.Ok);
    expect(r.stderr).toContain('could not write the metrics file');
    expect(existsSync(file)).toBe(false);
  });
});

describe('the --metrics-file flag', () => {
  it('is accepted as a global option', async () => {
    const dir = tempDir('aos-metrics-flag-');
    const r = await runInProcess(['--metrics-file', path.join(dir, 'm.prom'), 'status', '--state', path.join(dir, 's.sqlite')]);
    expect(r.code).toBe(0);
  });
});
