// Helpers for the 1688 client suites: a simulator, a real SQLite store in a temp dir, a capturing logger, a wired client.
import { saveIssuedToken } from '../helpers/tokens.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAlibaba, type Alibaba } from '../../src/alibaba/index.js';
import { Redactor } from '../../src/config/redact.js';
import { AlibabaConfig } from '../../src/config/schema.js';
import { Logger } from '../../src/log/logger.js';
import { startAlibabaSimulator, type AlibabaSimulator, type AlibabaSimulatorOptions } from '../../src/sandbox/alibaba/index.js';
import { Store } from '../../src/state/store.js';

export interface Rig extends Alibaba {
  sim: AlibabaSimulator;
  store: Store;
  config: AlibabaConfig;
  /** Every log line written (JSON), at debug level. */
  logs: string[];
  redactor: Redactor;
  /** The token pair seeded into the store (values for leak checks). */
  seeded: { accessToken: string; refreshToken: string };
  close(): Promise<void>;
}

export interface RigOptions {
  sim?: AlibabaSimulatorOptions;
  config?: Record<string, unknown>;
  encryptionKey?: string;
  /** Seed a valid token pair into the store (default true). */
  token?: boolean;
}

export async function startRig(options: RigOptions = {}): Promise<Rig> {
  const sim = await startAlibabaSimulator({ offers: 5, ...options.sim });
  const dir = mkdtempSync(path.join(tmpdir(), 'aos-1688-'));
  const store = new Store(path.join(dir, 'state.sqlite'), { encryptionKey: options.encryptionKey });
  const logs: string[] = [];
  const redactor = new Redactor();
  const logger = new Logger({ level: 'debug', format: 'json', write: (line) => void logs.push(line), redactor });
  const config = AlibabaConfig.parse({
    appKey: sim.appKey,
    appSecret: sim.appSecret,
    gatewayUrl: sim.url,
    authorizeUrl: sim.authorizeUrl,
    imageBaseUrl: sim.imageBaseUrl,
    rateLimit: 1_000,
    concurrency: 16,
    timeoutMs: 2_000,
    retry: { maxAttempts: 6, baseDelayMs: 10, maxDelayMs: 100, budgetMs: 20_000 },
    ...options.config,
  });
  const alibaba = createAlibaba({ config, tokens: store.tokens, logger, redactor });
  const seeded = sim.issueToken();
  if (options.token !== false) {
    saveIssuedToken(store.tokens, seeded, { memberId: 'b2b-2248544159', aliId: '2248544159', resourceOwner: 'buyertest001' });
  }
  return {
    ...alibaba,
    sim,
    store,
    config,
    logs,
    redactor,
    seeded,
    close: async () => {
      store.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const T_SHIRT = '554456348334';
export const T_SHIRT_SPEC = 'b266e0726506185beaf205cbae88530d';

export const ADDRESS = {
  fullName: '张三',
  mobile: '15251667788',
  postCode: '310052',
  provinceText: '浙江省',
  cityText: '杭州市',
  areaText: '滨江区',
  address: '网商路699号',
};

export const orderInput = (outOrderId: string, quantity = 3) => ({
  flow: 'general' as const,
  message: '请尽快发货',
  outOrderId,
  addressParam: ADDRESS,
  cargoParamList: [{ offerId: T_SHIRT, specId: T_SHIRT_SPEC, quantity }],
});
