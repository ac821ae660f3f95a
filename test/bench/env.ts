// One bench environment: both simulators in worker threads of this process, a config, a real SQLite state file, the clients.
import { saveIssuedToken } from '../helpers/tokens.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAlibaba, type Alibaba } from '../../src/alibaba/index.js';
import { Config } from '../../src/config/schema.js';
import { Redactor } from '../../src/config/redact.js';
import { Logger, silentLogger } from '../../src/log/logger.js';
import { RunTracker } from '../../src/cli/run.js';
import { OdooClient } from '../../src/odoo/client.js';
import { Store } from '../../src/state/store.js';
import { RemoteSim } from './remote-sim.js';

/** The remote costs the bench reproduces (README "Performance" quotes them). */
export interface Latency {
  alibabaMs: number;
  /** Gateway flow control, calls per sliding second; 0 = none. */
  alibabaPerSecond: number;
  odooMs: number;
  passwordCheckMs: number;
}

export const REALISTIC: Latency = { alibabaMs: 60, alibabaPerSecond: 20, odooMs: 15, passwordCheckMs: 600 };
export const NO_LATENCY: Latency = { alibabaMs: 0, alibabaPerSecond: 0, odooMs: 0, passwordCheckMs: 0 };

export interface EnvOptions {
  latency: Latency;
  /** Generated offers (about 5.9 SKUs each with the default seed). */
  offers: number;
  seed?: number;
  suppliers?: number;
  /** alibaba.rateLimit in the tool's config (calls per second). */
  rateLimit: number;
  concurrency: number;
}

/** Counters and timings per scenario: the run tracker the CLI gives the flows. */
export class BenchMetrics extends RunTracker {
  constructor() {
    super('bench', silentLogger());
  }
}

export interface BenchEnv {
  odooSim: RemoteSim;
  alibabaSim: RemoteSim;
  offerIds: string[];
  dir: string;
  statePath: string;
  /** What the config was built from (the memory scenario's child rebuilds it). */
  configInput: BenchConfigInput;
  config: Readonly<Config>;
  store: Store;
  logger: Logger;
  warnings: string[];
  /** Fresh clients per scenario: each run of the CLI builds its own (one login, one pacer). */
  clients(): { odoo: OdooClient; alibaba: Alibaba };
  close(): Promise<void>;
}

export interface AlibabaEndpoints {
  url: string;
  authorizeUrl: string;
  imageBaseUrl: string;
  appKey: string;
  appSecret: string;
}

export interface BenchConfigInput {
  odooUrl: string;
  db: string;
  login: string;
  password: string;
  alibaba: AlibabaEndpoints;
  statePath: string;
  rateLimit: number;
  concurrency: number;
}

export function benchConfig(o: BenchConfigInput): Readonly<Config> {
  return Object.freeze(
    Config.parse({
      odoo: { url: o.odooUrl, database: o.db, login: o.login, password: o.password, timeoutMs: 120_000 },
      alibaba: {
        appKey: o.alibaba.appKey,
        appSecret: o.alibaba.appSecret,
        gatewayUrl: o.alibaba.url,
        authorizeUrl: o.alibaba.authorizeUrl,
        imageBaseUrl: o.alibaba.imageBaseUrl,
        rateLimit: o.rateLimit,
        concurrency: o.concurrency,
        timeoutMs: 60_000,
      },
      sync: { defaultCategory: 'All' },
      state: { path: o.statePath },
    }),
  );
}

/** Stores a token the 1688 simulator issued, as `auth login` would. */
export async function seedToken(store: Store, alibaba: RemoteSim): Promise<void> {
  const token = await alibaba.call<{ accessToken: string; refreshToken: string }>('issueToken');
  saveIssuedToken(store.tokens, token);
}

/** A logger that keeps warnings and errors (counted in the report) instead of printing them. */
export function collectingLogger(sink: string[], redactor = new Redactor()): Logger {
  return new Logger({ level: 'warn', format: 'json', write: (line) => void sink.push(line.trimEnd()), redactor });
}

export async function startEnv(options: EnvOptions): Promise<BenchEnv> {
  const { latency } = options;
  const [odooSim, alibabaSim] = await Promise.all([
    RemoteSim.start({
      kind: 'odoo',
      options: { customFields: true, cnyActive: true, cnyRate: 7.2, latencyMs: latency.odooMs, passwordCheckMs: latency.passwordCheckMs },
    }),
    RemoteSim.start({
      kind: 'alibaba',
      options: { offers: 0, seed: options.seed ?? 1688, suppliers: options.suppliers ?? 12, rateLimitPerSecond: latency.alibabaPerSecond, faults: { latencyMs: latency.alibabaMs } },
      catalog: options.offers,
    }),
  ]);
  const offerIds = alibabaSim.info.offerIds as string[];
  const dir = mkdtempSync(path.join(tmpdir(), 'aos-bench-'));
  const statePath = path.join(dir, 'state.sqlite');
  const alibaba: AlibabaEndpoints = {
    url: alibabaSim.text('url'),
    authorizeUrl: alibabaSim.text('authorizeUrl'),
    imageBaseUrl: alibabaSim.text('imageBaseUrl'),
    appKey: alibabaSim.text('appKey'),
    appSecret: alibabaSim.text('appSecret'),
  };
  const input: BenchConfigInput = {
    odooUrl: odooSim.text('url'),
    db: odooSim.text('db'),
    login: odooSim.text('login'),
    password: odooSim.text('password'),
    alibaba,
    statePath,
    rateLimit: options.rateLimit,
    concurrency: options.concurrency,
  };
  const config = benchConfig(input);
  const store = new Store(statePath);
  await seedToken(store, alibabaSim);
  const redactor = new Redactor([alibaba.appSecret, input.password]);
  const warnings: string[] = [];
  const logger = collectingLogger(warnings, redactor);
  const open: OdooClient[] = [];
  return {
    odooSim,
    alibabaSim,
    offerIds,
    dir,
    statePath,
    configInput: input,
    config,
    store,
    logger,
    warnings,
    clients: () => {
      const odoo = new OdooClient({ config: config.odoo, logger });
      open.push(odoo);
      const client = createAlibaba({ config: config.alibaba, tokens: store.tokens, logger, redactor });
      return { odoo, alibaba: client };
    },
    close: async () => {
      for (const c of open) c.close();
      store.close();
      await Promise.all([odooSim.close(), alibabaSim.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
