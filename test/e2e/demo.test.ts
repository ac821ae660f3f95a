import { describe, expect, it } from 'vitest';
import { runChild } from '../helpers/cli.js';

describe('demo', () => {
  it('runs the whole cycle against the simulators, each step doing real work, and exits 0', async () => {
    const r = await runChild(['demo'], { timeoutMs: 60_000 });
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/9 failed/);
    expect(out).toMatch(/Fixed: created custom field x_alibaba_supplier_id/);
    expect(out).toMatch(/Logged in to 1688 as/);
    const created = /pull-products\n.*\n.*\n.*\n\s*│ (\d+)\s+│ (\d+)/.exec(out);
    expect(Number(created?.[2])).toBeGreaterThan(0);
    expect(out).toMatch(/│ submitted │ 30123/);
    expect(out).toMatch(/waitbuyerreceive │ SF10/);
    expect(out).toMatch(/reconcile: \d+ orders compared, 0 differences/);
    expect(out).toMatch(/Demo finished/);
  });
});
