import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/state/store.js';
import { BIN } from '../helpers/cli.js';
import { startSims, type Sims } from '../helpers/sims.js';
import { tempDir } from '../helpers/temp.js';
import { postPush, pushMessage } from '../integration/serve-helpers.js';

let sims: Sims;

beforeAll(async () => {
  sims = await startSims(tempDir('aos-serve-e2e-'), { alibaba: { offers: 1 } });
  sims.seedToken();
});
afterAll(async () => sims.close());

describe('serve as a process', () => {
  it('drains on SIGTERM and exits 0 with the received message stored', async () => {
    const child = spawn(process.execPath, [BIN, '--config', sims.config, 'serve', '--port', '0'], {
      cwd: sims.dir,
      env: { PATH: process.env.PATH ?? '', ...sims.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no startup line; stderr: ${stderr}`)), 15_000);
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        const found = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
        if (found) {
          clearTimeout(timer);
          resolve(found);
        }
      });
    });
    const message = pushMessage('SOME_NEW_TOPIC', { note: 'e2e' });
    const answer = await postPush(url, message, sims.alibaba.appSecret);
    child.kill('SIGTERM');
    expect(answer.status).toBe(204);
    expect(await exited).toBe(0);
    expect(stderr).toContain('SIGTERM received');
    const store = new Store(sims.state);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM inbox WHERE msg_id = ?').get(String(message.msgId))).toEqual({ n: 1 });
    expect(store.locks.list()).toEqual([]);
    store.close();
  });
});
