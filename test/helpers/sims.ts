// Both simulators on loopback plus a config and state file pointing at them, for flow and CLI tests.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startAlibabaSimulator, type AlibabaSimulator, type AlibabaSimulatorOptions } from '../../src/sandbox/alibaba/index.js';
import { startOdooSimulator, type OdooSimOptions, type OdooSimulator } from '../../src/sandbox/odoo/index.js';
import { Store } from '../../src/state/store.js';
import { runInProcess, type CliResult } from './cli.js';
import { saveIssuedToken } from './tokens.js';

export interface Sims {
  odoo: OdooSimulator;
  alibaba: AlibabaSimulator;
  dir: string;
  config: string;
  state: string;
  env: Record<string, string>;
  /** Runs the CLI in-process with this config. */
  cli(args: string[]): Promise<CliResult>;
  /** Stores a token issued by the 1688 simulator, as `auth login` would. */
  seedToken(): void;
  close(): Promise<void>;
}

export interface SimsOptions {
  odoo?: OdooSimOptions;
  alibaba?: AlibabaSimulatorOptions;
  /** Extra YAML under `sync:` (indented by the caller with two spaces). */
  sync?: string;
  /** Extra YAML appended at the top level. */
  extra?: string;
  /** Extra environment for the CLI runs (secrets the extra YAML names). */
  env?: Record<string, string>;
}

export async function startSims(dir: string, options: SimsOptions = {}): Promise<Sims> {
  const odoo = await startOdooSimulator({ customFields: true, cnyActive: true, cnyRate: 7.2, ...options.odoo });
  const alibaba = await startAlibabaSimulator({ offers: 6, ...options.alibaba });
  const config = path.join(dir, 'sync.config.yaml');
  const state = path.join(dir, 'state.sqlite');
  const env = { ODOO_PASSWORD: odoo.integration.password, ALIBABA_APP_SECRET: alibaba.appSecret, ...options.env };
  writeFileSync(
    config,
    `odoo:
  url: ${odoo.url}
  database: ${odoo.db}
  login: ${odoo.integration.login}
  password: \${ODOO_PASSWORD}
  retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 50, budgetMs: 5000 }
  timeoutMs: 5000
alibaba:
  appKey: "${alibaba.appKey}"
  appSecret: \${ALIBABA_APP_SECRET}
  gatewayUrl: ${alibaba.url}
  authorizeUrl: ${alibaba.authorizeUrl}
  imageBaseUrl: ${alibaba.imageBaseUrl}
  rateLimit: 200
  concurrency: 8
  timeoutMs: 5000
  retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 50, budgetMs: 5000 }
sync:
  defaultCategory: All
${options.sync ?? ''}
state:
  path: ./state.sqlite
${options.extra ?? ''}`,
  );
  return {
    odoo,
    alibaba,
    dir,
    config,
    state,
    env,
    cli: (args) => runInProcess(['--config', config, ...args], env, dir),
    seedToken: () => {
      const token = alibaba.issueToken();
      const store = new Store(state);
      saveIssuedToken(store.tokens, token);
      store.close();
    },
    close: async () => {
      await Promise.all([odoo.close(), alibaba.close()]);
    },
  };
}
