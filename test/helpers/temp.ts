// Temporary folders for tests that need real files (state databases, configs), removed after the suite.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/** A fresh temporary folder, removed when the calling test file finishes. */
export function tempDir(prefix = 'aos-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A minimal valid config (secrets from the environment), optionally changed by `patch` on the YAML text. */
export function writeConfig(dir: string, body: string = baseConfig(), name = 'sync.config.yaml'): string {
  const file = path.join(dir, name);
  writeFileSync(file, body);
  return file;
}

export function baseConfig(extra = ''): string {
  return `odoo:
  url: http://127.0.0.1:8069
  database: odoo
  login: sync
  password: \${ODOO_PASSWORD}
alibaba:
  appKey: "1000000"
  appSecret: \${ALIBABA_APP_SECRET}
state:
  path: ./state.sqlite
${extra}`;
}
