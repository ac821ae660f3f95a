import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';

describe('sandbox alibaba', () => {
  it('serves the simulator until SIGTERM, then stops cleanly with exit 0', async () => {
    const child = spawn(process.execPath, [BIN, 'sandbox', 'alibaba', '--port', '0', '--offers', '3'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', () => reject(new Error(`exited early: ${out}`)));
    });
    const offers = (await (await fetch(`${url}/_control/offers`)).json()) as unknown[];
    expect(offers.length).toBeGreaterThanOrEqual(3);
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    expect(out).toContain('1688 simulator stopped');
    expect(out).not.toContain('sandbox-secret');
  });

  it('refuses a port out of range with exit 2', async () => {
    const child = spawn(process.execPath, [BIN, 'sandbox', 'alibaba', '--port', '70000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(err).toContain('--port must be a whole number from 0 to 65535');
  });
});
