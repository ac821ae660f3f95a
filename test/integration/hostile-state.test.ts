import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/state/store.js';
import { runInProcess } from '../helpers/cli.js';
import { baseConfig, tempDir, writeConfig } from '../helpers/temp.js';

const dir = tempDir('aos-hostile-state-');
const config = writeConfig(dir, baseConfig());
const env = { ODOO_PASSWORD: 'x', ALIBABA_APP_SECRET: 'y' };
let n = 0;

/** Runs a command that opens the state file, and returns its result with the file's bytes before and after. */
async function openWith(bytes: Buffer, command: string[] = ['pull-products', '--dry-run']): Promise<{ code: number; stderr: string; before: Buffer; after: Buffer}> {
  const file = path.join(dir, `state-${(n += 1)}.sqlite`);
  writeFileSync(file, bytes);
  const r = await runInProcess(['--config', config, '--state', file, ...command], env, dir);
  return { code: r.code, stderr: r.stderr, before: bytes, after: readFileSync(file) };
}

/** A real state database with some rows, its WAL folded in. */
function realDatabase(): Buffer {
  const file = path.join(dir, `real-${(n += 1)}.sqlite`);
  const store = new Store(file);
  store.cursors.set('orders.modified', new Date(0).toISOString());
  store.links.upsert(Array.from({ length: 400 }, (_, i) => ({ kind: 'offer', externalId: String(1_000 + i), odooId: i + 1, hash: 'h'.repeat(64), extra: { note: 'x'.repeat(200) } })));
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
  return readFileSync(file);
}

const RECOVERY_HINT = /backup|move it aside|--state/;

describe('a corrupted state file', () => {
  it('is refused with exit 2 and a recovery hint, and left byte for byte untouched, when it holds random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 8_192 }), async (bytes) => {
        const r = await openWith(Buffer.from(bytes));
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(RECOVERY_HINT);
        expect(r.after.equals(r.before)).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('is refused the same way when it has a SQLite header but garbage after it', async () => {
    const bytes = Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(4_080, 0xa5)]);
    const r = await openWith(bytes);
    expect({ code: r.code, untouched: r.after.equals(r.before) }).toEqual({ code: 2, untouched: true });
    expect(r.stderr).toMatch(RECOVERY_HINT);
  });

  it.each([0.25, 0.5, 0.9])('is refused with exit 2 and left untouched when a real database is truncated to %s of its size', async (share) => {
    const real = realDatabase();
    const cut = Math.floor((real.length * share) / 512) * 512;
    const r = await openWith(real.subarray(0, cut), ['status']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(RECOVERY_HINT);
    expect(r.after.equals(r.before)).toBe(true);
  });

  it('still opens the same database when it is intact (the truncation cases above are not refused for another reason)', async () => {
    const r = await openWith(realDatabase(), ['status']);
    expect(r.code).toBe(0);
  });
});


