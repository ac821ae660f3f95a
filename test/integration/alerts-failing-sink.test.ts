// A failing alert sink never fails the run, is logged without its secret, and the notification is owed to the next run.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ExitCode, RemoteUnavailableError } from '../../src/errors.js';
import { Store } from '../../src/state/store.js';
import { tempDir } from '../helpers/temp.js';
import { receiver, runOnce, statePath } from './observability-helpers.js';

const TOKEN = 'sekret-hook-token-42';
const YAML = 'alerts:\n  deadLetters: 1\n  sinks:\n    - type: webhook\n      url: ${HOOK_URL}\n';

/** A state with one dead letter, so the dead-letters alert (threshold 1) fires on the next run. */
function seedDeadLetter(dir: string): void {
  const store = new Store(statePath(dir));
  store.deadLetters.add({ kind: 'offer', key: '1', payload: { offerId: '1' }, attempts: 1, failure: { code: 'x', message: 'bad offer' } });
  store.close();
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const ok = (): Promise<ExitCode> => Promise.resolve(ExitCode.Ok);

describe('a failing alert sink', () => {
  it('leaves a successful run successful when the sink answers 500', async () => {
    const dir = tempDir('aos-sink500-');
    const rx = await receiver(500);
    seedDeadLetter(dir);
    const r = await runOnce(dir, YAML, 'pull-shipments', ok, { env: { HOOK_URL: `${rx.url}/hooks/${TOKEN}` } });
    expect(rx.requests).toHaveLength(1);
    expect(r.error).toBeUndefined();
    expect(r.code).toBe(ExitCode.Ok);
  });

  it('logs a warning naming the sink but not its URL when the sink answers 500', async () => {
    const dir = tempDir('aos-sink500log-');
    const rx = await receiver(500);
    seedDeadLetter(dir);
    const r = await runOnce(dir, YAML, 'pull-shipments', ok, { env: { HOOK_URL: `${rx.url}/hooks/${TOKEN}` } });
    const warning = r.stderr.split('\n').find((l) => l.includes('alert sink failed'));
    expect(JSON.parse(warning ?? '{}')).toMatchObject({ level: 'warn', sink: 'webhook#1', rule: 'dead_letters', error: 'webhook: answered HTTP 500' });
    expect(r.stderr).not.toContain(TOKEN);
  });

  it('keeps the run’s own error when the sink refuses connections', async () => {
    const dir = tempDir('aos-sinkrefused-');
    const url = `http://127.0.0.1:${await closedPort()}/hooks/${TOKEN}`;
    const r = await runOnce(dir, YAML, 'push-orders', () => Promise.reject(new RemoteUnavailableError('1688', 'gateway down')), { env: { HOOK_URL: url } });
    expect(r.error).toBeInstanceOf(RemoteUnavailableError);
    expect(r.stderr).toContain('ECONNREFUSED');
    expect(r.stderr).not.toContain(TOKEN);
  });

  it('sends the owed firing notification on the next run once the sink recovers, and only once', async () => {
    const dir = tempDir('aos-sinkrecover-');
    const rx = await receiver(503);
    const env = { HOOK_URL: `${rx.url}/hooks/${TOKEN}` };
    seedDeadLetter(dir);
    await runOnce(dir, YAML, 'pull-shipments', ok, { env });
    rx.setStatus(200);
    await runOnce(dir, YAML, 'pull-shipments', ok, { env });
    await runOnce(dir, YAML, 'pull-shipments', ok, { env });
    expect(rx.requests.map((q) => q.body.status)).toEqual(['firing', 'firing']);
  });
});
