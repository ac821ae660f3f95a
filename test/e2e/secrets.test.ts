import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/state/store.js';
import { runChild, type CliResult } from '../helpers/cli.js';
import { chineseWarehouse, confirmedPo, skusBySupplier } from '../helpers/orders.js';
import { startSims, type Sims } from '../helpers/sims.js';
import { tempDir } from '../helpers/temp.js';

// Elsewhere: a redirect never carries a token to another host (alibaba-client-wire.test.ts "strips credentials
// when a followed download redirects to another host", "does not follow a redirect from the gateway"); plain http to
// a non-loopback Odoo is refused (odoo-client-network.test.ts, config.test.ts, odoo-commands.test.ts); XML-RPC
// replies are size-bounded and expand no entities (odoo-client-network.test.ts); doctor warns when the integration
// user is an administrator (doctor.test.ts); the inbox payload is sealed at rest (state.test.ts).

const ADMIN_PASSWORD = 'Adm1n-Only-Once-7f3a';
const ODOO_PASSWORD = 'Sync-User-Pw-91c2';
const APP_SECRET = 'App-Secret-5d8e0b';
const STATE_KEY = 'State-Key-Secret-2b6c';
const STREET = '科技南路18号';
const MOBILE = '13800138000';

let sims: Sims;
let env: Record<string, string>;
const outputs: CliResult[] = [];
const tokens = new Set<string>();

const cli = async (...args: string[]): Promise<CliResult> => {
  const r = await runChild(['--config', sims.config, '--verbose', '--log-format', 'json', ...args], { cwd: sims.dir, env, timeoutMs: 30_000 });
  outputs.push(r);
  return r;
};

/** The 1688 tokens the state file holds now, decrypted with the configured key. */
function rememberTokens(): void {
  const store = new Store(sims.state, { encryptionKey: STATE_KEY });
  const t = store.tokens.get('1688');
  store.close();
  for (const v of [t?.accessToken, t?.refreshToken]) if (v) tokens.add(v);
}

beforeAll(async () => {
  sims = await startSims(tempDir('aos-secrets-'), {
    odoo: { adminPassword: ADMIN_PASSWORD, integrationUser: { password: ODOO_PASSWORD }, customFields: false, cnyActive: false },
    alibaba: { offers: 3, seed: 77, appSecret: APP_SECRET },
    sync: '  orderLookupSettle: 0s',
  });
  writeFileSync(sims.config, readFileSync(sims.config, 'utf8').replace('  path: ./state.sqlite', '  path: ./state.sqlite\n  encryptionKey: ${SYNC_STATE_KEY}'));
  env = { ...sims.env, SYNC_STATE_KEY: STATE_KEY, ODOO_ADMIN_LOGIN: sims.odoo.admin.login, ODOO_ADMIN_PASSWORD: ADMIN_PASSWORD };
  chineseWarehouse(sims);

  expect((await cli('doctor', '--fix')).code).toBe(0);
  const authorize = await fetch(`${sims.alibaba.authorizeUrl}?client_id=${sims.alibaba.appKey}&site=1688&redirect_uri=${encodeURIComponent('http://127.0.0.1:8765/callback')}&state=s`, { redirect: 'manual' });
  const code = new URL(authorize.headers.get('location') ?? 'http://x/').searchParams.get('code') ?? '';
  expect((await cli('auth', 'login', '--code', code)).code).toBe(0);
  rememberTokens();
  expect((await cli('auth', 'refresh')).code).toBe(0);
  rememberTokens();
  const offers = sims.alibaba.listOffers().map((o) => o.productId);
  expect((await cli('pull-products', ...offers.flatMap((o) => ['--offer', o]))).code).toBe(0);
  const groups = skusBySupplier(sims);
  confirmedPo(sims, groups[0]!.slice(0, 1));
  confirmedPo(sims, [groups[0]![0]!, { ...groups[1]![0]!, supplierId: groups[0]![0]!.supplierId }]);
  expect((await cli('push-orders')).code).toBe(5);
  for (const o of sims.alibaba.listOrders()) {
    sims.alibaba.payOrder(o.orderId);
    sims.alibaba.shipOrder(o.orderId, { trackingNumber: 'SF7700000001', carrier: 'SF' });
  }
  expect((await cli('pull-shipments')).code).toBe(0);
  await cli('reconcile');
  await cli('status', '--json');
  await cli('config', 'show');
  await cli('dlq', 'list');
  await cli('dlq', 'show', '1');
  expect((await cli('auth', 'status')).code).toBe(0);
}, 120_000);
afterAll(async () => sims.close());

describe('secrets in a whole verbose cycle (doctor --fix, auth, pull, push, ship, reconcile, status, dlq)', () => {
  it('logs at debug level as JSON lines, so there was something to leak', () => {
    const stderr = outputs.map((o) => o.stderr).join('');
    expect(stderr).toMatch(/"level":"debug"/);
    // Login and refresh: two access tokens and the refresh token (kept when the platform does not rotate it).
    expect(tokens.size).toBeGreaterThanOrEqual(3);
  });

  it('prints no secret value anywhere on stdout or stderr', () => {
    const all = outputs.map((o) => o.stdout + o.stderr).join('\n');
    const secrets = { APP_SECRET, ODOO_PASSWORD, ADMIN_PASSWORD, STATE_KEY, ...Object.fromEntries([...tokens].map((t, i) => [`token${i}`, t])) };
    expect(Object.entries(secrets).filter(([, v]) => all.includes(v)).map(([k]) => k)).toEqual([]);
  });

  it('keeps the state file private (mode 0600)', () => {
    expect(statSync(sims.state).mode & 0o777).toBe(0o600);
  });

  it('holds no token, address or phone number in plain text in the state file or its WAL', () => {
    const wal = `${sims.state}-wal`;
    const raw = Buffer.concat([readFileSync(sims.state), existsSync(wal) ? readFileSync(wal) : Buffer.alloc(0)]);
    const found = [...tokens, STREET, MOBILE, APP_SECRET, ODOO_PASSWORD].filter((s) => raw.includes(Buffer.from(s, 'utf8')));
    expect(found).toEqual([]);
    const store = new Store(sims.state, { encryptionKey: STATE_KEY });
    const outbox = store.outbox.inState('submitted');
    const letters = store.deadLetters.list();
    store.close();
    // The search above can fail: the same values are in the file, sealed.
    expect(JSON.stringify(outbox.map((o) => o.payload))).toContain(STREET);
    expect(letters.length).toBeGreaterThan(0);
  });
});

describe('secrets in the demo', () => {
  it('prints neither the app secret nor the Odoo password during `demo`', async () => {
    const r = await runChild(['demo'], { timeoutMs: 90_000 });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Demo finished/);
    // The demo's administrator password is "admin", the same as its login, so it cannot be searched for.
    expect([APP_SECRET, 'sandbox-secret', 'sync-pass'].filter((s) => (r.stdout + r.stderr).includes(s))).toEqual([]);
  }, 120_000);
});
