import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppContext } from '../../src/cli/context.js';
import { memoryIo } from '../../src/cli/io.js';
import { trackedRun } from '../../src/cli/run.js';
import { ExitCode, RecordError } from '../../src/errors.js';
import { runChild, runInProcess } from '../helpers/cli.js';
import { baseConfig, tempDir, writeConfig } from '../helpers/temp.js';

const SECRET = 'PLANTED-SECRET-7f3a9c';
const ODOO_PW = 'odoo-pw-PLANTED-41c2';
const env = { ALIBABA_APP_SECRET: SECRET, ODOO_PASSWORD: ODOO_PW };
const dir = tempDir('aos-cli-');
writeConfig(dir);

describe('the CLI as a child process', () => {
  it('prints its version', async () => {
    const pkg = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
    const r = await runChild(['--version']);
    expect(r).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it('exits 2 on an unknown command and suggests the closest one', async () => {
    const r = await runChild(['statsu']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'statsu'");
    expect(r.stderr).toContain('Did you mean status?');
  });

  it('exits 2 on an unknown flag', async () => {
    const r = await runChild(['status', '--jsno']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--jsno'");
  });

  it('validates a good config with exit 0', async () => {
    const r = await runChild(['config', 'check'], { cwd: dir, env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('valid');
  });

  it('lists every config problem as path: message, exits 2 and prints no stack trace', async () => {
    const bad = writeConfig(dir, baseConfig('sync:\n  pricing:\n    strategy: cheapest\n').replace('login: sync', 'logn: sync'), 'bad.yaml');
    const r = await runChild(['config', 'check', '--config', bad], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('odoo.logn: unknown option (check the spelling)');
    expect(r.stderr).toContain('odoo.login: required');
    expect(r.stderr).toMatch(/sync\.pricing\.strategy: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('never shows a secret value, even in config show and verbose JSON logs', async () => {
    const inline = writeConfig(dir, baseConfig().replace('${ALIBABA_APP_SECRET}', SECRET), 'inline.yaml');
    const runs = await Promise.all([
      runChild(['config', 'show', '--verbose'], { cwd: dir, env }),
      runChild(['config', 'show', '--json'], { cwd: dir, env }),
      runChild(['config', 'check', '--verbose', '--log-format', 'json', '--config', inline], { env }),
      runChild(['status', '--verbose', '--json'], { cwd: dir, env }),
    ]);
    for (const r of runs) {
      expect(r.code).toBe(0);
      expect(r.stdout + r.stderr).not.toContain(SECRET);
      expect(r.stdout + r.stderr).not.toContain(ODOO_PW);
    }
    expect(runs[1].stdout).toContain('"appSecret": "***"');
    const warning = JSON.parse(runs[2].stderr.trim().split('\n')[0]!) as Record<string, unknown>;
    expect(warning).toMatchObject({ level: 'warn', msg: expect.stringContaining('alibaba.appSecret: secret written inline') as unknown });
  });

  it('says that nothing has run yet on a fresh state, without creating the file', async () => {
    const r = await runChild(['status'], { cwd: dir, env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Nothing has run yet.');
    expect(existsSync(path.join(dir, 'state.sqlite'))).toBe(false);
  });

  it('exits 2 with a recovery hint on a corrupted state file and leaves it untouched', async () => {
    const file = path.join(dir, 'corrupt.sqlite');
    const junk = Buffer.alloc(4096, 0x5a);
    writeFileSync(file, junk);
    const r = await runChild(['status', '--state', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not an alibaba-odoo-sync state database');
    expect(r.stderr).toContain('hint: ');
    expect(readFileSync(file).equals(junk)).toBe(true);
  });
});

describe('runs and status', () => {
  it('records each run with its outcome, and status reports them as JSON', async () => {
    const state = path.join(dir, 'runs.sqlite');
    const ctx = new AppContext({ config: 'none.yaml', state, json: true, verbose: false, quiet: true, dryRun: false }, memoryIo());
    await trackedRun(ctx, 'pull-products', ['products'], (run) => {
      run.count('created', 3);
      return Promise.resolve(ExitCode.RecordsFailed);
    });
    await expect(trackedRun(ctx, 'push-orders', ['orders'], () => Promise.reject(new RecordError('po:1', 'boom')))).rejects.toThrow('boom');
    await ctx.close();
    const r = await runInProcess(['status', '--json', '--state', state]);
    const report = JSON.parse(r.stdout) as { nothingRunYet: boolean; lastRuns: { command: string; outcome: string; counts: object }[]; locks: unknown[] };
    expect(report.nothingRunYet).toBe(false);
    expect(report.lastRuns).toEqual([
      expect.objectContaining({ command: 'pull-products', outcome: 'partial', counts: { created: 3 } }),
      expect.objectContaining({ command: 'push-orders', outcome: 'failed' }),
    ]);
    expect(report.locks).toEqual([]);
  });

  it('refuses a second run while the first holds the lease, with exit 7', async () => {
    const state = path.join(dir, 'held.sqlite');
    const first = new AppContext({ config: 'none.yaml', state, json: false, verbose: false, quiet: true, dryRun: false }, memoryIo());
    const second = new AppContext({ config: 'none.yaml', state, json: false, verbose: false, quiet: true, dryRun: false }, memoryIo());
    let release!: () => void;
    const held = trackedRun(first, 'sync', ['orders'], () => new Promise((resolve) => (release = () => resolve(ExitCode.Ok))));
    await expect(trackedRun(second, 'push-orders', ['orders'], () => Promise.resolve(ExitCode.Ok))).rejects.toMatchObject({
      exitCode: ExitCode.Locked,
    });
    release();
    await expect(held).resolves.toBe(ExitCode.Ok);
    await first.close();
    await second.close();
  });
});
