// Shared setup for the Odoo client suites: a simulator on a free loopback port and a client configured for it.
import { afterAll } from 'vitest';
import { RetryConfig } from '../../src/config/schema.js';
import { OdooClient, type OdooClientConfig } from '../../src/odoo/client.js';
import { startOdooSimulator, type OdooSimOptions, type OdooSimulator } from '../../src/sandbox/odoo/index.js';

/** Fast retries: no backoff sleeps in tests. */
export const FAST_RETRY = RetryConfig.parse({ maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 0, budgetMs: 10_000 });

export function clientConfig(sim: OdooSimulator, patch: Partial<OdooClientConfig> = {}): OdooClientConfig {
  return {
    url: sim.url,
    database: sim.db,
    login: 'sync',
    password: 'sync-pass',
    allowInsecureHttp: false,
    timeoutMs: 5_000,
    pageSize: 500,
    batchSize: 100,
    concurrency: 2,
    retry: FAST_RETRY,
    ...patch,
  };
}

/** Starts a simulator for the calling file, stopped after its suite, with a client factory. */
export async function withSimulator(options: OdooSimOptions = {}): Promise<{ sim: OdooSimulator; client: (patch?: Partial<OdooClientConfig>) => OdooClient }> {
  const sim = await startOdooSimulator(options);
  const clients: OdooClient[] = [];
  afterAll(async () => {
    for (const c of clients) c.close();
    await sim.close();
  });
  return {
    sim,
    client: (patch = {}) => {
      const c = new OdooClient({ config: clientConfig(sim, patch) });
      clients.push(c);
      return c;
    },
  };
}
