import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';

async function startAndStop(args: string[], pattern: RegExp, probe: (url: string) => Promise<void>): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = pattern.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', () => reject(new Error(`exited early: ${out}`)));
  });
  await probe(url);
  const code = await new Promise<number | null>((resolve) => {
    child.on('exit', (c) => resolve(c));
    child.kill('SIGTERM');
  });
  return { code, out };
}

describe('sandbox odoo', () => {
  it('answers XML-RPC version() as Odoo 18 until SIGTERM', async () => {
    const { code } = await startAndStop(['sandbox', 'odoo', '--port', '0'], /listening on (http:\/\/127\.0\.0\.1:\d+)/, async (url) => {
      const body = '<?xml version="1.0"?><methodCall><methodName>version</methodName><params></params></methodCall>';
      const res = await fetch(`${url}/xmlrpc/2/common`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
      expect(await res.text()).toContain('18.0');
    });
    expect(code).toBe(0);
  });
});

describe('sandbox alibaba', () => {
  it('serves the simulator until SIGTERM, then stops cleanly with exit 0', async () => {
    const { code, out } = await startAndStop(['sandbox', 'alibaba', '--port', '0', '--offers', '3'], /listening on (http:\/\/127\.0\.0\.1:\d+)/, async (url) => {
      const offers = (await (await fetch(`${url}/_control/offers`)).json()) as unknown[];
      expect(offers.length).toBeGreaterThanOrEqual(3);
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
