import { spawn, spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LockedError } from '../../src/errors.js';
import { Store } from '../../src/state/store.js';
import { tempDir } from '../helpers/temp.js';

const dir = tempDir('aos-locks-');
const storeModule = pathToFileURL(path.resolve(import.meta.dirname, '../../dist/state/store.js')).href;

/** A child process that tries to take the lock, holds it for `holdMs`, and prints `got` or `locked`. */
function contender(file: string, holdMs: number): Promise<string> {
  const script = `
    const { Store } = await import(${JSON.stringify(storeModule)});
    const store = new Store(${JSON.stringify(file)});
    const runId = 'run-' + process.pid;
    try {
      store.locks.acquire(['orders'], { pid: process.pid, host: ${JSON.stringify(hostname())}, runId }, 60000);
      await new Promise((r) => setTimeout(r, ${holdMs}));
      store.locks.release(['orders'], runId);
      console.log('got');
    } catch (err) {
      console.log(err.name === 'LockedError' ? 'locked' : 'error ' + err.message);
    }
    store.close();`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', () => resolve(out.trim()));
  });
}

describe('locks', () => {
  it('lets exactly one of several racing processes take the lease', async () => {
    const file = path.join(dir, 'race.sqlite');
    new Store(file).close();
    const results = await Promise.all(Array.from({ length: 4 }, () => contender(file, 2_000)));
    expect(results.filter((r) => r === 'got')).toHaveLength(1);
    expect(results.filter((r) => r === 'locked')).toHaveLength(3);
  });

  it('names the holder when the lease is taken', () => {
    const store = new Store(path.join(dir, 'named.sqlite'));
    store.locks.acquire(['products'], { pid: process.pid, host: hostname(), runId: 'a' }, 60_000);
    expect(() => store.locks.acquire(['products'], { pid: process.pid, host: hostname(), runId: 'b' }, 60_000)).toThrow(
      new RegExp(`pid ${process.pid} on ${hostname()}`),
    );
    expect(() => store.locks.acquire(['products'], { pid: 1, host: 'x', runId: 'c' }, 60_000)).toThrow(LockedError);
    store.close();
  });

  it('takes over a lease whose holder process has died', () => {
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)']).stdout.toString().trim();
    const store = new Store(path.join(dir, 'dead.sqlite'));
    store.locks.acquire(['orders'], { pid: Number(dead), host: hostname(), runId: 'gone' }, 60_000);
    store.locks.acquire(['orders'], { pid: process.pid, host: hostname(), runId: 'me' }, 60_000);
    expect(store.locks.list()[0]).toMatchObject({ holderRun: 'me', holderPid: process.pid });
    store.close();
  });

  it('takes over an expired lease even from a live process on another host', () => {
    let now = new Date('2026-11-28T00:00:00Z');
    const store = new Store(path.join(dir, 'expired.sqlite'), { clock: () => now });
    store.locks.acquire(['orders'], { pid: 1, host: 'other-host', runId: 'old' }, 1_000);
    expect(() => store.locks.acquire(['orders'], { pid: process.pid, host: hostname(), runId: 'new' }, 1_000)).toThrow(LockedError);
    now = new Date(now.getTime() + 2_000);
    store.locks.acquire(['orders'], { pid: process.pid, host: hostname(), runId: 'new' }, 1_000);
    expect(store.locks.list()[0]?.holderRun).toBe('new');
    store.close();
  });

  it('takes all named leases or none', () => {
    const store = new Store(path.join(dir, 'all-or-none.sqlite'));
    store.locks.acquire(['shipments'], { pid: process.pid, host: hostname(), runId: 'a' }, 60_000);
    expect(() => store.locks.acquire(['orders', 'shipments'], { pid: process.pid, host: hostname(), runId: 'b' }, 60_000)).toThrow(LockedError);
    expect(store.locks.list().map((l) => l.name)).toEqual(['shipments']);
    store.close();
  });
});
