// `auth login / refresh / status` in-process against the simulator: the browser round trip, CSRF state, --code, exit codes.
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { startAlibabaSimulator, type AlibabaSimulator } from '../../src/sandbox/alibaba/index.js';
import { Store } from '../../src/state/store.js';
import { runInProcess, type CliResult } from '../helpers/cli.js';
import { tempDir, writeConfig } from '../helpers/temp.js';

let sim: AlibabaSimulator;
const dir = tempDir('aos-auth-');
let env: Record<string, string>;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Writes a config for the simulator with its own state file; returns the config path. */
async function config(name: string, redirectUri?: string): Promise<string> {
  const redirect = redirectUri ?? `http://127.0.0.1:${await freePort()}/callback`;
  return writeConfig(dir, `odoo:
  url: http://127.0.0.1:8069
  database: odoo
  login: sync
  password: \${ODOO_PASSWORD}
alibaba:
  appKey: "${sim.appKey}"
  appSecret: \${ALIBABA_APP_SECRET}
  gatewayUrl: ${sim.url}
  authorizeUrl: ${sim.authorizeUrl}
  redirectUri: ${redirect}
  retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 50, budgetMs: 2000 }
state:
  path: ./${name}.sqlite
`, `${name}.yaml`);
}

/** Starts `auth login` in-process and resolves with the authorize URL it prints, and the command's result. */
async function startLogin(cfg: string, extra: string[] = []): Promise<{ url: string; done: Promise<CliResult> }> {
  const io = memoryIo(env, dir);
  const done = main(['node', 'alibaba-odoo-sync', '--config', cfg, 'auth', 'login', '--timeout', '10s', ...extra], io).then((code) => ({ code, stdout: io.out.join(''), stderr: io.err.join('') }));
  for (let i = 0; i < 200; i++) {
    const match = /(http:\/\/\S+\/oauth\/authorize\?\S+)/.exec(io.out.join('') + io.err.join(''));
    if (match) return { url: match[1]!, done };
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no authorize URL printed: ${io.err.join('')}`);
}

const cli = (cfg: string, ...args: string[]): Promise<CliResult> => runInProcess(['--config', cfg, ...args], env, dir);

beforeAll(async () => {
  sim = await startAlibabaSimulator({ offers: 2, refreshTokenLifetimeMs: 20 * 86_400_000 });
  env = { ALIBABA_APP_SECRET: sim.appSecret, ODOO_PASSWORD: 'odoo-pw' };
});
afterAll(async () => {
  await sim.close();
});

describe('auth login', () => {
  it('prints the authorize URL, catches the callback, stores the tokens and shows who logged in', async () => {
    const cfg = await config('login');
    const { url, done } = await startLogin(cfg);
    const parsed = new URL(url);
    expect(Object.fromEntries(parsed.searchParams)).toMatchObject({ client_id: sim.appKey, site: '1688', state: expect.stringMatching(/^[0-9a-f]{32}$/) as unknown });
    const browser = await fetch(url, { redirect: 'follow' });
    expect([browser.status, await browser.text()]).toEqual([200, expect.stringContaining('Logged in') as unknown]);
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Logged in to 1688 as buyertest001 (memberId b2b-');
    expect(result.stdout).toMatch(/Refresh token expires \d{4}-/);

    const status = await cli(cfg, 'auth', 'status', '--json');
    const report = JSON.parse(status.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ stored: true, accessExpired: false, postponeAllowed: true, resourceOwner: 'buyertest001' });
    expect(Date.parse(String(report['accessExpiresAt']))).toBeGreaterThan(Date.now() + 9 * 3_600_000);
    const store = new Store(path.join(dir, 'login.sqlite'));
    const token = store.tokens.get('1688')!;
    store.close();
    for (const output of [result.stdout, result.stderr, status.stdout, status.stderr]) {
      expect(output).not.toContain(token.accessToken);
      expect(output).not.toContain(token.refreshToken!);
      expect(output).not.toContain(sim.appSecret);
    }
  });

  it('refuses a callback whose state does not match, with exit 3', async () => {
    const cfg = await config('csrf');
    const { url, done } = await startLogin(cfg);
    const callback = new URL(new URL(url).searchParams.get('redirect_uri')!);
    callback.searchParams.set('code', 'attacker-code');
    callback.searchParams.set('state', 'not-the-state');
    const browser = await fetch(callback);
    expect(browser.status).toBe(400);
    const result = await done;
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('the callback state does not match');
  });

  it('exchanges a code given with --code, without a listener', async () => {
    const cfg = await config('code', 'https://erp.example.com/1688/callback');
    const authorize = new URL(sim.authorizeUrl);
    authorize.searchParams.set('client_id', sim.appKey);
    authorize.searchParams.set('redirect_uri', 'https://erp.example.com/1688/callback');
    const redirect = await fetch(authorize, { redirect: 'manual' });
    const code = new URL(redirect.headers.get('location')!).searchParams.get('code')!;
    const result = await cli(cfg, '--verbose', '--log-format', 'json', 'auth', 'login', '--code', code);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Logged in to 1688 as buyertest001');
    expect(result.stderr).toContain('"msg":"http request"');
    expect(result.stderr).not.toContain(code);
  });

  it('tells the user to use --code when the redirect URI is not a loopback address', async () => {
    const cfg = await config('remote', 'https://erp.example.com/1688/callback');
    const result = await cli(cfg, 'auth', 'login');
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('/oauth/authorize?');
    expect(result.stderr).toContain('auth login --code');
  });

  it('reports a used or invalid code with exit 3', async () => {
    const cfg = await config('badcode');
    const result = await cli(cfg, 'auth', 'login', '--code', 'no-such-code');
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('authorization code is invalid, used or expired');
  });
});

describe('auth refresh and status', () => {
  it('refreshes now and prints the new expiry, then exits 3 once the refresh token is refused', async () => {
    const cfg = await config('refresh');
    const { url, done } = await startLogin(cfg);
    await fetch(url);
    expect((await done).code).toBe(0);
    const refreshed = await cli(cfg, 'auth', 'refresh');
    expect([refreshed.code, refreshed.stdout]).toEqual([0, expect.stringContaining('1688 access token refreshed.') as unknown]);
    sim.expireTokens({ refresh: true });
    const refused = await cli(cfg, 'auth', 'refresh');
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('hint: run `alibaba-odoo-sync auth login`');
  });

  it('warns in the last 30 days of the refresh token and extends it with --postpone', async () => {
    const cfg = await config('postpone');
    const { url, done } = await startLogin(cfg);
    await fetch(url);
    await done;
    const warned = await cli(cfg, 'auth', 'status');
    expect(warned.stdout).toContain('Warning: the refresh token expires within 30 days');
    const before = sim.stats.callsByApi['system.oauth2:postponeToken'] ?? 0;
    const extended = await cli(cfg, 'auth', 'status', '--postpone', '--json');
    expect(JSON.parse(extended.stdout)).toMatchObject({ postponed: true });
    expect(sim.stats.callsByApi['system.oauth2:postponeToken']).toBe(before + 1);
  });

  it('exits 3 when no token is stored', async () => {
    const cfg = await config('none');
    const result = await cli(cfg, 'auth', 'status');
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('No 1688 token stored');
  });
});
