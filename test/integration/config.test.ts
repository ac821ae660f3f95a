import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors.js';
import { baseConfig, tempDir, writeConfig } from '../helpers/temp.js';

const env = { ODOO_PASSWORD: 'odoo-pass-123', ALIBABA_APP_SECRET: 'app-secret-456' };
const dir = tempDir('aos-config-');

function problemsOf(body: string, environment: Record<string, string | undefined> = env): string[] {
  const file = writeConfig(dir, body, `c${Math.random().toString(36).slice(2)}.yaml`);
  try {
    loadConfig(file, environment);
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('accepts the documented example config with its secrets in the environment', () => {
    const example = path.resolve(import.meta.dirname, '../../sync.config.example.yaml');
    const { config, warnings } = loadConfig(example, { ODOO_API_KEY: 'key-from-env', ALIBABA_APP_SECRET: 'secret-from-env' });
    expect(warnings).toEqual([]);
    expect(config.sync.orderLookupSettle).toBe(60_000);
    expect(config.sync.unitMap['打']).toBe('Dozens');
  });

  it('loads a valid file, fills defaults and freezes the result', () => {
    const { config, secrets } = loadConfig(writeConfig(dir), env);
    expect(config.alibaba.rateLimit).toBe(10);
    expect(config.sync.intervals.orders).toBe(900_000);
    expect(config.odoo.password).toBe('odoo-pass-123');
    expect(secrets).toEqual(expect.arrayContaining(['odoo-pass-123', 'app-secret-456']));
    expect(Object.isFrozen(config.odoo)).toBe(true);
  });

  it('names a missing file and says how to create one', () => {
    expect(() => loadConfig(path.join(dir, 'nope.yaml'), env)).toThrow(/config file not found/);
  });

  it('reports a YAML syntax error with its line', () => {
    expect(problemsOf('odoo:\n  url: [unclosed\n')).toEqual([expect.stringMatching(/:\d+: /)]);
  });

  it('reports an unknown key as a typo with its full path', () => {
    expect(problemsOf(baseConfig().replace('database: odoo', 'databse: odoo'))).toContain(
      'odoo.databse: unknown option (check the spelling)',
    );
  });

  it('names a missing environment variable once, at its path', () => {
    const problems = problemsOf(baseConfig(), { ODOO_PASSWORD: 'x-long-enough' });
    expect(problems).toEqual(['alibaba.appSecret: environment variable ALIBABA_APP_SECRET is not set']);
  });

  it('uses the ${VAR:-default} fallback when the variable is unset', () => {
    const body = baseConfig().replace('database: odoo', 'database: ${ODOO_DB:-fallback}');
    expect(loadConfig(writeConfig(dir, body, 'fallback.yaml'), env).config.odoo.database).toBe('fallback');
  });

  it('reports every problem at once', () => {
    const body = baseConfig('sync:\n  pricing:\n    strategy: cheapest\n').replace('url: http://127.0.0.1:8069', 'url: not-a-url');
    const problems = problemsOf(body);
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^odoo\.url: /), expect.stringMatching(/^sync\.pricing\.strategy: /)]),
    );
  });

  it('requires a password or an API key for Odoo', () => {
    expect(problemsOf(baseConfig().replace('  password: ${ODOO_PASSWORD}\n', ''))).toEqual([
      'odoo.password: required (or odoo.apiKey, or a *File variant)',
    ]);
  });

  it('refuses plain http to a remote Odoo unless allowed', () => {
    const body = baseConfig().replace('http://127.0.0.1:8069', 'http://odoo.example.com');
    expect(problemsOf(body)[0]).toMatch(/^odoo\.url: plain http/);
    expect(problemsOf(body.replace('  database: odoo', '  database: odoo\n  allowInsecureHttp: true'))).toEqual([]);
  });

  it('requires a quantity for the atQuantity price strategy', () => {
    expect(problemsOf(baseConfig('sync:\n  pricing:\n    strategy: atQuantity\n'))).toEqual([
      'sync.pricing.quantity: required when sync.pricing.strategy is atQuantity',
    ]);
  });

  it('reads a secret from a *File path relative to the config', () => {
    writeFileSync(path.join(dir, 'secret.txt'), 'from-file-secret\n');
    const body = baseConfig().replace('appSecret: ${ALIBABA_APP_SECRET}', 'appSecretFile: ./secret.txt');
    expect(loadConfig(writeConfig(dir, body, 'file.yaml'), env).config.alibaba.appSecret).toBe('from-file-secret');
  });

  it('names a secret file that cannot be read', () => {
    const body = baseConfig().replace('appSecret: ${ALIBABA_APP_SECRET}', 'appSecretFile: ./missing.txt');
    expect(problemsOf(body)).toContain('alibaba.appSecretFile: cannot read secret file ./missing.txt');
  });

  it('warns about an inline secret without failing', () => {
    const body = baseConfig().replace('${ALIBABA_APP_SECRET}', 'inline-secret-value');
    const { warnings } = loadConfig(writeConfig(dir, body, 'inline.yaml'), env);
    expect(warnings).toEqual(['alibaba.appSecret: secret written inline; use ${ENV_VAR} or a *File path instead']);
  });

  it('rejects a wrongly typed value with the expected type', () => {
    expect(problemsOf(baseConfig('logging:\n  level: loud\n'))[0]).toMatch(/^logging\.level: /);
    expect(problemsOf(baseConfig('sync:\n  intervals:\n    orders: soon\n'))[0]).toBe(
      'sync.intervals.orders: expected a duration such as 30s, 15m, 24h or 7d',
    );
  });

  it('applies flag overrides for the state path and log format', () => {
    const { config } = loadConfig(writeConfig(dir), env, { statePath: '/tmp/x.sqlite', logFormat: 'json' });
    expect(config.state.path).toBe('/tmp/x.sqlite');
    expect(config.logging.format).toBe('json');
  });
});
