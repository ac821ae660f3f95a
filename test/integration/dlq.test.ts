import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/state/store.js';
import { runInProcess, type CliResult } from '../helpers/cli.js';
import { tempDir, writeConfig } from '../helpers/temp.js';

const SECRET = 'PLANTED-APP-SECRET-93ab1c';
const env = { ALIBABA_APP_SECRET: SECRET, ODOO_PASSWORD: 'odoo-pw-PLANTED-77d1' };
const dir = tempDir('aos-dlq-');
const config = writeConfig(dir);
const DAY = 86_400_000;
let n = 0;

/** A fresh state file per test, so each one sees only its own letters. */
const freshState = (): string => path.join(dir, `state-${++n}.sqlite`);
const cli = (state: string, args: string[]): Promise<CliResult> => runInProcess(['--config', config, '--state', state, ...args], env, dir);

interface Seed {
  kind?: string;
  key?: string;
  daysAgo?: number;
  message?: string;
  context?: Record<string, unknown>;
}

function seed(state: string, s: Seed = {}): number {
  const at = new Date(Date.now() - (s.daysAgo ?? 0) * DAY);
  const store = new Store(state, { clock: () => at });
  const kind = s.kind ?? 'offer';
  const key = s.key ?? '610947572360';
  const id = store.deadLetters.add({
    kind,
    key,
    payload: kind === 'po' ? { poId: Number(key), poName: `P${key}` } : { offerId: key },
    attempts: 1,
    failure: { code: '500_2', message: s.message ?? 'the offer is not visible to this app', context: s.context ?? { offerId: key } },
    correlationId: 'cid-4f2a',
  });
  store.close();
  return id;
}

function withStore<T>(state: string, fn: (store: Store) => T): T {
  const store = new Store(state);
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

type Listed = { id: number; kind: string; key: string; discardedAt: string | null; discardReason: string | null }[];
const listJson = async (state: string, args: string[] = []): Promise<Listed> => JSON.parse((await cli(state, ['dlq', 'list', '--json', ...args])).stdout) as Listed;

describe('dlq list', () => {
  it('shows each active letter with kind, key, attempts, relative and ISO times and a one-line error', async () => {
    const state = freshState();
    seed(state, { key: '111', daysAgo: 3, message: 'first line of the failure\nsecond line' });
    const r = await cli(state, ['dlq', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/offer.*111.*1/);
    expect(r.stdout).toContain('3d ago');
    expect(r.stdout).toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    expect(r.stdout).toContain('[500_2] first line of the failure');
    expect(r.stdout).not.toContain('second line');
  });

  it('truncates a long error message in the table', async () => {
    const state = freshState();
    seed(state, { message: `x${'y'.repeat(200)}` });
    const r = await cli(state, ['dlq', 'list']);
    expect(r.stdout).toContain('…');
    expect(r.stdout).not.toContain('y'.repeat(100));
  });

  it('filters by kind', async () => {
    const state = freshState();
    seed(state, { kind: 'offer', key: '111' });
    seed(state, { kind: 'po', key: '42' });
    expect((await listJson(state, ['--kind', 'po'])).map((l) => l.key)).toEqual(['42']);
  });

  it('filters by age with --older-than and --since', async () => {
    const state = freshState();
    seed(state, { key: '111', daysAgo: 10 });
    seed(state, { key: '222', daysAgo: 0 });
    expect((await listJson(state, ['--older-than', '7d'])).map((l) => l.key)).toEqual(['111']);
    expect((await listJson(state, ['--since', '12h'])).map((l) => l.key)).toEqual(['222']);
  });

  it('exits 2 on a bad duration and names the flag', async () => {
    const r = await cli(freshState(), ['dlq', 'list', '--older-than', 'a week']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--older-than a week: expected a duration');
  });

  it('exits 2 on an unknown kind and lists the known ones', async () => {
    const r = await cli(freshState(), ['dlq', 'list', '--kind', 'offers']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/offer.*po.*shipment/);
  });

  it('says there is nothing when no state file exists, without creating one', async () => {
    const state = freshState();
    const r = await cli(state, ['dlq', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No active dead letters');
    expect(existsSync(state)).toBe(false);
  });
});

describe('dlq show', () => {
  const context = { hint: 'ask the supplier to publish the offer', access_token: 'tok-PLANTED-5521', request: { url: `https://gw.open.1688.com/x?sig=${SECRET}` } };

  it('prints the payload, error, hint and correlation id with every secret masked', async () => {
    const state = freshState();
    const id = seed(state, { context });
    const r = await cli(state, ['dlq', 'show', String(id)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ask the supplier to publish the offer');
    expect(r.stdout).toContain('cid-4f2a');
    expect(r.stdout).toContain('"offerId": "610947572360"');
    expect(r.stdout).not.toContain('tok-PLANTED-5521');
    expect(r.stdout).not.toContain(SECRET);
    expect(r.stdout).toContain('***');
  });

  it('gives the full letter as JSON, masked', async () => {
    const state = freshState();
    const id = seed(state, { context });
    const r = await cli(state, ['dlq', 'show', String(id), '--json']);
    const shown = JSON.parse(r.stdout) as { errorCode: string; errorContext: { access_token: string; request: { url: string } } };
    expect(shown.errorCode).toBe('500_2');
    expect(shown.errorContext.access_token).toBe('***');
    expect(shown.errorContext.request.url).toBe('https://gw.open.1688.com/x?sig=***');
  });

  it('exits 2 on an unknown id', async () => {
    const state = freshState();
    seed(state);
    const r = await cli(state, ['dlq', 'show', '999']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no dead letter with id 999');
  });

  it('exits 2 on an id that is not a number', async () => {
    const r = await cli(freshState(), ['dlq', 'show', 'abc']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('expected a dead letter id');
  });
});

describe('dlq discard', () => {
  it('keeps the letter for audit: `list --all` shows it marked, `list` does not', async () => {
    const state = freshState();
    const id = seed(state);
    const r = await cli(state, ['dlq', 'discard', String(id), '--reason', 'offer withdrawn']);
    expect(r.code).toBe(0);
    expect(await listJson(state)).toEqual([]);
    expect((await listJson(state, ['--all']))[0]).toMatchObject({ id, discardReason: 'offer withdrawn' });
    expect((await cli(state, ['dlq', 'list', '--all'])).stdout).toContain('discarded: offer withdrawn');
  });

  it('exits 2 without a reason', async () => {
    const state = freshState();
    const id = seed(state);
    const r = await cli(state, ['dlq', 'discard', String(id)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--reason');
    expect(await listJson(state)).toHaveLength(1);
  });

  it('exits 2 on a letter that is already discarded', async () => {
    const state = freshState();
    const id = seed(state);
    await cli(state, ['dlq', 'discard', String(id), '--reason', 'gone']);
    const r = await cli(state, ['dlq', 'discard', String(id), '--reason', 'again']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`dead letter ${id} was already discarded`);
  });

  it('exits 2 on an unknown id', async () => {
    const state = freshState();
    seed(state);
    const r = await cli(state, ['dlq', 'discard', '77', '--reason', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no dead letter with id 77');
  });
});

describe('dlq purge', () => {
  it('deletes only discarded letters older than the limit by default', async () => {
    const state = freshState();
    const oldDiscarded = seed(state, { key: '1', daysAgo: 100 });
    seed(state, { key: '2', daysAgo: 100 });
    const recentDiscarded = seed(state, { key: '3', daysAgo: 1 });
    withStore(state, (s) => [oldDiscarded, recentDiscarded].forEach((id) => s.deadLetters.discard(id, 'gone')));
    const r = await cli(state, ['dlq', 'purge', '--older-than', '90d']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Deleted 1 dead letter(s)');
    expect((await listJson(state, ['--all'])).map((l) => l.key).sort()).toEqual(['2', '3']);
  });

  it('also deletes old active letters with --include-active', async () => {
    const state = freshState();
    seed(state, { key: '1', daysAgo: 100 });
    seed(state, { key: '2', daysAgo: 1 });
    await cli(state, ['dlq', 'purge', '--older-than', '90d', '--include-active']);
    expect((await listJson(state, ['--all'])).map((l) => l.key)).toEqual(['2']);
  });

  it('lists what it would delete on --dry-run and deletes nothing', async () => {
    const state = freshState();
    const id = seed(state, { key: '1', daysAgo: 100 });
    withStore(state, (s) => s.deadLetters.discard(id, 'gone'));
    const r = await cli(state, ['--dry-run', 'dlq', 'purge', '--older-than', '90d']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Would delete 1 dead letter(s)');
    expect(await listJson(state, ['--all'])).toHaveLength(1);
  });

  it('exits 2 without --older-than', async () => {
    const r = await cli(freshState(), ['dlq', 'purge']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--older-than');
  });
});

describe('dlq retry', () => {
  it('exits 2 with the usage when given no ids, --kind or --all', async () => {
    const r = await cli(freshState(), ['dlq', 'retry']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage: alibaba-odoo-sync dlq retry');
  });

  it('exits 2 when ids and --kind are both given', async () => {
    const state = freshState();
    const id = seed(state);
    const r = await cli(state, ['dlq', 'retry', String(id), '--kind', 'offer']);
    expect(r.code).toBe(2);
  });

  it('requeues a letter as a fresh job and keeps the letter, marked replayed', async () => {
    const state = freshState();
    const id = seed(state, { key: '610947572360' });
    withStore(state, (s) => s.jobs.enqueue('offer', '610947572360', { offerId: '610947572360' }));
    const r = await cli(state, ['dlq', 'retry', String(id)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Requeued 1 dead letter(s)');
    expect(r.stdout).toContain('pull-products');
    withStore(state, (s) => {
      expect(s.deadLetters.get(id)).toMatchObject({ discardReason: 'replayed' });
      expect(s.deadLetters.activeCount()).toBe(0);
      expect(s.jobs.byKey('offer', '610947572360')).toMatchObject({ attempts: 0, payload: { offerId: '610947572360' } });
    });
  });

  it('replays a dead-lettered push message from the inbox it came from', async () => {
    const state = freshState();
    withStore(state, (s) => {
      s.inbox.add('9001', 'ORDER_BUYER_VIEW_ANNOUNCE_SENDGOODS', { msgId: '9001' });
      s.inbox.markProcessed('9001');
    });
    const id = seed(state, { kind: 'message', key: '9001' });
    const r = await cli(state, ['dlq', 'retry', String(id)]);
    expect(r.code).toBe(0);
    withStore(state, (s) => {
      expect(s.inbox.pending().map((m) => m.msgId)).toEqual(['9001']);
      expect(s.jobs.byKey('message', '9001')).toBeUndefined();
      expect(s.deadLetters.get(id)).toMatchObject({ discardReason: 'replayed' });
    });
  });

  it('requeues every active letter of one kind with --kind', async () => {
    const state = freshState();
    seed(state, { kind: 'offer', key: '111' });
    seed(state, { kind: 'po', key: '42' });
    seed(state, { kind: 'po', key: '43' });
    const r = await cli(state, ['dlq', 'retry', '--kind', 'po', '--json']);
    expect((JSON.parse(r.stdout) as { requeued: { key: string }[] }).requeued.map((l) => l.key)).toEqual(['42', '43']);
    expect((await listJson(state)).map((l) => l.key)).toEqual(['111']);
  });

  it('exits 2 on a letter that was already replayed', async () => {
    const state = freshState();
    const id = seed(state);
    await cli(state, ['dlq', 'retry', String(id)]);
    const r = await cli(state, ['dlq', 'retry', String(id)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('already discarded');
  });

  it('changes nothing on --dry-run', async () => {
    const state = freshState();
    seed(state);
    const r = await cli(state, ['--dry-run', 'dlq', 'retry', '--all']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('would requeue');
    expect(await listJson(state)).toHaveLength(1);
    withStore(state, (s) => expect(s.jobs.depth()).toEqual({}));
  });

  it('says a kind without an immediate replay runs on its next flow run', async () => {
    const state = freshState();
    const id = seed(state, { kind: 'shipment', key: '3012345678901234567' });
    const r = await cli(state, ['dlq', 'retry', String(id), '--now']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('the next `pull-shipments` run picks it up');
    withStore(state, (s) => expect(s.jobs.byKey('shipment', '3012345678901234567')).toBeDefined());
  });
});

describe('dlq --help', () => {
  it.each(['list', 'show', 'retry', 'discard', 'purge'])('%s has help with an example', async (sub) => {
    const r = await runInProcess(['dlq', sub, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`$ alibaba-odoo-sync dlq ${sub}`);
  });
});
