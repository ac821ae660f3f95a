import { afterAll, describe, expect, it } from 'vitest';
import type { CheckResult, DoctorReport } from '../../src/sync/doctor.js';
import { startOdooSimulator, type OdooSimOptions, type OdooSimulator } from '../../src/sandbox/odoo/index.js';
import { runInProcess } from '../helpers/cli.js';
import { tempDir, writeConfig } from '../helpers/temp.js';

const ADMIN_PW = 'admin-PLANTED-pw-93e1';
const env = { ODOO_PASSWORD: 'sync-pass', ALIBABA_APP_SECRET: 'app-secret-PLANTED' };
const dir = tempDir('aos-doctor-');
const sims: OdooSimulator[] = [];
afterAll(async () => {
  for (const s of sims) await s.close();
});

const today = new Date().toISOString().slice(0, 10);

async function simulator(options: OdooSimOptions, freshRate = true): Promise<OdooSimulator> {
  const sim = await startOdooSimulator({ adminPassword: ADMIN_PW, ...options });
  if (freshRate) sim.store.create('res.currency.rate', { currency_id: 6, rate: 7.2, name: today });
  sims.push(sim);
  return sim;
}

let configs = 0;
function configFor(sim: OdooSimulator, login = 'sync', url = sim.url): string {
  return writeConfig(
    dir,
    `odoo:
  url: ${url}
  database: ${sim.db}
  login: ${login}
  password: \${ODOO_PASSWORD}
  timeoutMs: 2000
  retry:
    maxAttempts: 2
    baseDelayMs: 0
    maxDelayMs: 0
alibaba:
  appKey: "1000000"
  appSecret: \${ALIBABA_APP_SECRET}
`,
    `doctor-${++configs}.yaml`,
  );
}

async function doctor(config: string, args: string[] = [], extraEnv: Record<string, string> = {}): Promise<{ code: number; report: DoctorReport; text: string }> {
  const r = await runInProcess(['--config', config, '--json', '--log-format', 'json', 'doctor', ...args], { ...env, ...extraEnv });
  return { code: r.code, report: (r.stdout.trim().startsWith('{') ? JSON.parse(r.stdout) : undefined) as DoctorReport, text: r.stdout + r.stderr };
}

const status = (report: DoctorReport, id: string): CheckResult['status'] | undefined => report.checks.find((c) => c.id === id)?.status;
const failed = (report: DoctorReport): string[] => report.checks.filter((c) => c.status === 'fail').map((c) => c.id);

describe('doctor on a well set-up Odoo', () => {
  it('passes every check and exits 0', async () => {
    const sim = await simulator({ customFields: true, cnyActive: true });
    const { code, report } = await doctor(configFor(sim));
    expect(code).toBe(0);
    expect(report.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(report.checks.map((c) => c.id)).toEqual(expect.arrayContaining(['config', 'odoo.version', 'odoo.login', 'odoo.access', 'odoo.field.x_alibaba_spec_id']));
  });

  it('prints the checklist as a table without --json', async () => {
    const sim = await simulator({ customFields: true, cnyActive: true });
    const r = await runInProcess(['--config', configFor(sim), 'doctor'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('custom field x_alibaba_order_id on purchase.order');
    expect(r.stdout).toMatch(/\d+ passed, 0 warnings, 0 failed, 0 skipped/);
  });

  it('warns but exits 0 when the currency rate is older than 7 days', async () => {
    const sim = await simulator({ customFields: true, cnyActive: true, cnyRate: 7.1 }, false);
    const { code, report } = await doctor(configFor(sim));
    expect(code).toBe(0);
    expect(report.checks.find((c) => c.id === 'odoo.currency')).toMatchObject({ status: 'warn', detail: expect.stringContaining('days old') as unknown });
  });
});

describe('doctor on a badly set-up Odoo', () => {
  it('fails with a fix for each problem and exits 2', async () => {
    const sim = await simulator({ integrationUser: { email: false, admin: true }, modules: { stock_delivery: false } });
    const { code, report } = await doctor(configFor(sim));
    expect(code).toBe(2);
    expect(failed(report).sort()).toEqual(
      ['odoo.currency', 'odoo.email', ...['x_alibaba_offer_id', 'x_alibaba_order_id', 'x_alibaba_sku_id', 'x_alibaba_spec_id', 'x_alibaba_status', 'x_alibaba_stock_read_at', 'x_alibaba_supplier_id', 'x_alibaba_supplier_stock'].map((f) => `odoo.field.${f}`)].sort(),
    );
    expect(status(report, 'odoo.module.stock_delivery')).toBe('warn');
    expect(status(report, 'odoo.least-privilege')).toBe('warn');
    for (const c of report.checks.filter((x) => x.status === 'fail')) expect(c.fix).toBeTruthy();
  });

  it('prints each failure with its fix under --quiet, where the table is left out', async () => {
    const sim = await simulator({ customFields: true, cnyActive: true, integrationUser: { email: false } });
    const r = await runInProcess(['--config', configFor(sim), '--quiet', 'doctor'], env);
    expect(r.code).toBe(2);
    expect(r.stdout).not.toContain('┌');
    expect(r.stdout).toContain('FAIL the integration user has an email address: set an email');
  });

  it('warns when the administrator is used as the integration user', async () => {
    const sim = await simulator({ customFields: true, cnyActive: true });
    const { code, report } = await doctor(configFor(sim, 'admin'), [], { ODOO_PASSWORD: ADMIN_PW });
    expect(code).toBe(0);
    expect(report.checks.find((c) => c.id === 'odoo.least-privilege')).toMatchObject({ status: 'warn', detail: expect.stringContaining('Administration / Settings') as unknown });
  });

  it('fails the login check with the config options to fix and skips the rest', async () => {
    const sim = await simulator({ customFields: true, cnyActive: true });
    const { code, report } = await doctor(configFor(sim), [], { ODOO_PASSWORD: 'wrong-password' });
    expect(code).toBe(2);
    expect(report.checks.find((c) => c.id === 'odoo.login')).toMatchObject({ status: 'fail', fix: expect.stringContaining('odoo.password') as unknown });
    expect(status(report, 'odoo.email')).toBe('skip');
  });

  it('fails the version check when Odoo does not answer', async () => {
    const sim = await simulator({});
    const { code, report } = await doctor(configFor(sim, 'sync', 'http://127.0.0.1:9'));
    expect(code).toBe(2);
    expect(failed(report)).toEqual(['odoo.version']);
    expect(status(report, 'odoo.login')).toBe('skip');
  });

  it('fails the config check on an invalid config and skips Odoo', async () => {
    const sim = await simulator({});
    const { code, report } = await doctor(configFor(sim), [], { ODOO_PASSWORD: '' });
    expect(code).toBe(2);
    expect(failed(report)).toEqual(['config']);
  });
});

describe('doctor --fix', () => {
  it('creates the custom fields and activates CNY as the administrator from the environment, then passes', async () => {
    const sim = await simulator({});
    const { code, report, text } = await doctor(configFor(sim), ['--fix'], { ODOO_ADMIN_LOGIN: 'admin', ODOO_ADMIN_PASSWORD: ADMIN_PW });
    expect(code).toBe(0);
    expect(report.fixed).toHaveLength(9);
    expect(report.fixed).toContain('activated currency CNY');
    expect(failed(report)).toEqual([]);
    expect(report.before?.filter((c) => c.status === 'fail')).toHaveLength(9);
    expect(sim.store.get('res.currency', 6, ['active'])?.active).toBe(true);
    expect(sim.store.search('ir.model.fields', [['name', '=', 'x_alibaba_sku_id'], ['model', '=', 'product.product']])).toHaveLength(1);
    expect(text).not.toContain(ADMIN_PW);
  });

  it('takes the administrator from flags, and still exits 2 for what it cannot fix', async () => {
    const sim = await simulator({ integrationUser: { email: false }, cnyActive: true });
    const { code, report, text } = await doctor(configFor(sim), ['--fix', '--admin-login', 'admin', '--admin-password', ADMIN_PW]);
    expect(code).toBe(2);
    expect(failed(report)).toEqual(['odoo.email']);
    expect(report.fixed).toHaveLength(8);
    expect(text).not.toContain(ADMIN_PW);
  });

  it('says an administrator is needed when none is given, and changes nothing', async () => {
    const sim = await simulator({ cnyActive: true });
    const { code, report } = await doctor(configFor(sim), ['--fix']);
    expect(code).toBe(2);
    expect(report.fixSkipped).toMatch(/--admin-login/);
    expect(sim.store.search('ir.model.fields', [['name', '=', 'x_alibaba_sku_id']])).toHaveLength(0);
  });

  it('exits 3 with the admin flags as the hint when the administrator login is refused', async () => {
    const sim = await simulator({ cnyActive: true });
    const r = await runInProcess(['--config', configFor(sim), 'doctor', '--fix', '--admin-login', 'admin', '--admin-password', 'not-the-admin-pw'], env);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/hint: .*--admin-login/);
    expect(r.stdout + r.stderr).not.toContain('not-the-admin-pw');
  });
});
