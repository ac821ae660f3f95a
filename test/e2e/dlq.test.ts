import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/state/store.js';
import { runChild } from '../helpers/cli.js';
import { tempDir, writeConfig } from '../helpers/temp.js';

const SECRET = 'PLANTED-APP-SECRET-e2e-6c1d';
const env = { ALIBABA_APP_SECRET: SECRET, ODOO_PASSWORD: 'odoo-pw-PLANTED-e2e' };
const dir = tempDir('aos-dlq-e2e-');
writeConfig(dir);

function seedLetter(): number {
  const store = new Store(path.join(dir, 'state.sqlite'));
  const id = store.deadLetters.add({
    kind: 'po',
    key: '42',
    payload: { poId: 42, poName: 'P00042' },
    attempts: 1,
    failure: { code: 'record', message: 'P00042 cannot be sent to 1688: lines from 2 1688 suppliers', context: { hint: 'fix the purchase order', password: 'pw-PLANTED', echo: SECRET } },
  });
  store.close();
  return id;
}

describe('dlq as a child process', () => {
  it('lists, shows masked, discards and then lists the letter only with --all', async () => {
    const id = seedLetter();
    const listed = await runChild(['dlq', 'list', '--json'], { cwd: dir, env });
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { id: number }[]).map((l) => l.id)).toEqual([id]);

    const shown = await runChild(['dlq', 'show', String(id)], { cwd: dir, env });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('fix the purchase order');
    expect(shown.stdout + shown.stderr).not.toContain(SECRET);
    expect(shown.stdout).not.toContain('pw-PLANTED');

    const discarded = await runChild(['dlq', 'discard', String(id), '--reason', 'cancelled in Odoo'], { cwd: dir, env });
    expect(discarded.code).toBe(0);
    expect((await runChild(['dlq', 'list', '--json'], { cwd: dir, env })).stdout.trim()).toBe('[]');
    expect((await runChild(['dlq', 'list', '--all'], { cwd: dir, env })).stdout).toContain('discarded: cancelled in Odoo');
  });

  it('exits 2 on `dlq retry` without a selection', async () => {
    const r = await runChild(['dlq', 'retry'], { cwd: dir, env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage: alibaba-odoo-sync dlq retry');
  });
});
