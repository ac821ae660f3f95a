import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors.js';
import { runInProcess } from '../helpers/cli.js';
import { baseConfig, tempDir, writeConfig } from '../helpers/temp.js';
import { junk } from '../chaos/arbitraries.js';

const dir = tempDir('aos-hostile-config-');
const env = { ODOO_PASSWORD: 'x', ALIBABA_APP_SECRET: 'y' };
const valid = parse(baseConfig()) as Record<string, Record<string, unknown>>;

/** Options with a type or range the schema checks, and values that can never be valid for them. */
const FIELDS: [string, fc.Arbitrary<unknown>][] = [
  ['odoo.url', fc.constantFrom('ftp://odoo', 'not a url', 42, '')],
  ['odoo.timeoutMs', fc.constantFrom(-1, 'soon', 99, 1.5, true)],
  ['odoo.pageSize', fc.constantFrom(0, 100_000, 'many')],
  ['alibaba.appKey', fc.constantFrom('abc', '12a', '')],
  ['alibaba.rateLimit', fc.constantFrom(0, -3, 5_000, 'fast')],
  ['alibaba.concurrency', fc.constantFrom(0, 1.5, 1_000)],
  ['sync.intervals.orders', fc.constantFrom('soon', '-5m', '15 minutes', true)],
  ['sync.pricing.strategy', fc.constantFrom('cheapest', 3, '')],
  ['sync.trackedOffers', fc.constantFrom(['12a'], 'all', [-1])],
  ['state.path', fc.constantFrom('', 7, [])],
  ['logging.level', fc.constantFrom('loud', 0)],
];

function withValue(dotted: string, value: unknown): Record<string, unknown> {
  const tree = structuredClone(valid) as Record<string, unknown>;
  const keys = dotted.split('.');
  let node = tree;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[keys.at(-1)!] = value;
  return tree;
}

let n = 0;
function load(tree: unknown): unknown {
  const file = writeConfig(dir, stringify(tree), `c${(n += 1)}.yaml`);
  try {
    return loadConfig(file, env);
  } catch (err) {
    return err;
  }
}

describe('a malformed config', () => {
  it('is refused with exit 2, naming the field, for a wrong value at any checked option', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FIELDS).chain(([field, bad]) => fc.tuple(fc.constant(field), fc.oneof(bad, junk))), ([field, value]) => {
        const result = load(withValue(field, value));
        // A few junk values are valid for some options (a number of ms for an interval); those must load.
        if (!(result instanceof Error)) return;
        expect(result).toBeInstanceOf(ConfigError);
        expect((result as ConfigError).exitCode).toBe(2);
        expect((result as ConfigError).problems.some((p) => p.startsWith(field))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('reports an unknown option anywhere by its full path', () => {
    fc.assert(
      fc.property(fc.constantFrom('odoo', 'alibaba', 'sync', 'state', 'logging'), fc.stringMatching(/^[a-z][a-zA-Z]{2,12}$/), (section, key) => {
        fc.pre(!(key in (valid[section] ?? {})) && !['url', 'path', 'level', 'format', 'intervals', 'pricing'].includes(key));
        const result = load(withValue(`${section}.${key}`, 1));
        if (!(result instanceof ConfigError)) return;
        expect(result.problems.join('\n')).toContain(`${section}.${key}`);
      }),
      { numRuns: 40 },
    );
  });

  it('makes the CLI exit 2 with every problem as `path: message` on stderr', async () => {
    const file = writeConfig(dir, stringify(withValue('odoo.timeoutMs', 'soon')).replace('appKey: "1000000"', 'appKey: abc'), 'cli.yaml');
    const r = await runInProcess(['--config', file, 'config', 'check'], env, path.dirname(file));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/odoo\.timeoutMs: /);
  });
});
