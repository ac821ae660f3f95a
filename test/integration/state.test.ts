import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { StateError } from '../../src/errors.js';
import { SCHEMA_VERSION } from '../../src/state/migrations.js';
import { Store } from '../../src/state/store.js';
import { tempDir } from '../helpers/temp.js';

const dir = tempDir('aos-state-');
let n = 0;
const fresh = (): string => path.join(dir, `s${(n += 1)}.sqlite`);

describe('state file', () => {
  it('creates a new file with mode 0600 and migrates it to the current schema', () => {
    const file = fresh();
    const store = new Store(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(['alerts', 'cursors', 'dead_letters', 'inbox', 'jobs', 'links', 'locks', 'outbox', 'run_totals', 'runs', 'stock_events', 'supplier_stock', 'tokens']);
    store.close();
  });

  it('reopens an existing file without migrating again and keeps its data', () => {
    const file = fresh();
    const first = new Store(file);
    first.cursors.set('orders.modified', '2026-11-01T00:00:00Z');
    first.close();
    const second = new Store(file);
    expect(second.cursors.get('orders.modified')).toBe('2026-11-01T00:00:00Z');
    second.close();
  });

  it('refuses a file written by a newer version and says what to do', () => {
    const file = fresh();
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    expect(() => new Store(file)).toThrow(StateError);
    expect(() => new Store(file)).toThrow(/newer version/);
    try {
      new Store(file);
    } catch (err) {
      expect((err as StateError).hint).toMatch(/upgrade alibaba-odoo-sync/);
    }
  });

  it('refuses a file that is not a database and leaves it untouched', () => {
    const file = fresh();
    const junk = 'this is not a database\n'.repeat(20);
    writeFileSync(file, junk, { mode: 0o644 });
    expect(() => new Store(file)).toThrow(/not an alibaba-odoo-sync state database/);
    expect(readFileSync(file, 'utf8')).toBe(junk);
    expect(statSync(file).mode & 0o777).toBe(0o644);
  });

  it('refuses a missing file when it must exist', () => {
    expect(() => new Store(fresh(), { mustExist: true })).toThrow(/does not exist/);
  });
});

describe('repositories', () => {
  it('lets only one of two competing transitions move an outbox row to submitting', () => {
    const store = new Store(fresh());
    const row = store.outbox.ensure({ odooDb: 'odoo', poId: 7, poName: 'P00007', outOrderId: 'odoo-7', payload: { a: 1 } });
    expect(store.outbox.transition(row.id, ['pending'], 'submitting', { countAttempt: true })).toBe(true);
    expect(store.outbox.transition(row.id, ['pending'], 'submitting', { countAttempt: true })).toBe(false);
    expect(store.outbox.get('odoo', 7)).toMatchObject({ state: 'submitting', attempts: 1, payload: { a: 1 } });
    store.close();
  });

  it('keeps one outbox row per purchase order', () => {
    const store = new Store(fresh());
    store.outbox.ensure({ odooDb: 'odoo', poId: 1, poName: 'P1', outOrderId: 'k1', payload: {} });
    store.outbox.ensure({ odooDb: 'odoo', poId: 1, poName: 'P1', outOrderId: 'k1', payload: { changed: true } });
    expect(store.outbox.counts().pending).toBe(1);
    store.close();
  });

  it('retries a failed job with backoff, then dead-letters it with its context when attempts run out', () => {
    let now = new Date('2026-11-28T00:00:00Z');
    const store = new Store(fresh(), { clock: () => now });
    store.jobs.enqueue('offer', '610947572360', { offerId: '610947572360' }, { maxAttempts: 2 });
    const [job] = store.jobs.claim('w1');
    expect(store.jobs.fail(job!, { code: 'x', message: 'timeout' }, { permanent: false, backoffMs: 60_000 })).toBe('retry');
    expect(store.jobs.claim('w1')).toEqual([]);
    now = new Date(now.getTime() + 61_000);
    const [again] = store.jobs.claim('w1');
    expect(again?.attempts).toBe(1);
    expect(store.jobs.fail(again!, { code: 'x', message: 'timeout again', context: { url: '/api' } }, { permanent: false, backoffMs: 1 })).toBe('dead');
    const [letter] = store.deadLetters.list();
    expect(letter).toMatchObject({ kind: 'offer', key: '610947572360', attempts: 2, errorMessage: 'timeout again', errorContext: { url: '/api' } });
    expect(store.jobs.depth()).toEqual({});
    store.close();
  });

  it('does not hand a leased job to a second worker', () => {
    const store = new Store(fresh());
    store.jobs.enqueue('po', '12', null);
    expect(store.jobs.claim('a')).toHaveLength(1);
    expect(store.jobs.claim('b')).toHaveLength(0);
    store.close();
  });

  it('ignores a replayed inbox message', () => {
    const store = new Store(fresh());
    expect(store.inbox.add('9001', 'ORDER_BUYER_VIEW_ORDER_PAY', { orderId: '1' })).toBe(true);
    expect(store.inbox.add('9001', 'ORDER_BUYER_VIEW_ORDER_PAY', { orderId: '1' })).toBe(false);
    expect(store.inbox.counts()).toEqual({ pending: 1, processed: 0 });
    store.close();
  });

  it('keeps the retry time of a failed inbox message in the file, so a restart waits it out too', () => {
    const file = fresh();
    const first = new Store(file);
    first.inbox.add('77', 'ORDER_BUYER_VIEW_ORDER_PAY', { orderId: '1' });
    first.inbox.markFailed('77', 'odoo down', new Date('2026-11-28T12:00:00Z'));
    first.close();
    const again = new Store(file);
    expect(again.inbox.pending()).toEqual([expect.objectContaining({ msgId: '77', attempts: 1, nextAttemptAt: '2026-11-28T12:00:00.000Z' })]);
    again.close();
  });

  it('reopens a processed inbox message so it is worked again from its first attempt', () => {
    const store = new Store(fresh());
    store.inbox.add('42', 'ORDER_BUYER_VIEW_ORDER_PAY', { orderId: '1' });
    store.inbox.markFailed('42', 'boom');
    store.inbox.markProcessed('42');
    expect(store.inbox.reopen('42')).toBe(true);
    expect(store.inbox.pending()).toEqual([expect.objectContaining({ msgId: '42', attempts: 0, lastError: null })]);
    expect(store.inbox.reopen('missing')).toBe(false);
    store.close();
  });

  it('encrypts tokens and payloads at rest when a key is configured', () => {
    const file = fresh();
    const store = new Store(file, { encryptionKey: 'k'.repeat(32) });
    store.tokens.save({
      provider: '1688', accessToken: 'ACCESS-TOKEN-PLAIN', refreshToken: 'REFRESH-TOKEN-PLAIN',
      accessExpiresAt: new Date(), refreshExpiresAt: null, memberId: 'm', aliId: null, resourceOwner: null,
    });
    store.inbox.add('1', 't', { address: '广东省深圳市' });
    expect(store.tokens.get('1688')?.accessToken).toBe('ACCESS-TOKEN-PLAIN');
    store.close();
    const wal = `${file}-wal`;
    const raw = readFileSync(file).toString('utf8') + (existsSync(wal) ? readFileSync(wal).toString('utf8') : '');
    expect(raw).not.toContain('ACCESS-TOKEN-PLAIN');
    expect(raw).not.toContain('REFRESH-TOKEN-PLAIN');
    expect(raw).not.toContain('深圳');
    expect(() => new Store(file).tokens.get('1688')).toThrow(/no encryption key is configured/);
  });
});
