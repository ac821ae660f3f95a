// Public entry of the 1688 simulator: start it on loopback, control it in-process, or run it in the foreground.
import type { AddressInfo } from 'node:net';
import type { OfferChange } from './catalog.js';
import type { FaultKnobs } from './faults.js';
import type { ShipInput } from './orders.js';
import type { PushConfig, SimPushMessage } from './push.js';
import { createSimulatorServer } from './server.js';
import { SimulatorCore, type OrderSummary, type SeedInput, type SimulatorStats } from './simulator.js';

export type { FaultKnobs } from './faults.js';
export type { OfferChange } from './catalog.js';
export type { ShipInput, ShipPackageInput } from './orders.js';
export type { OrderSummary, SeedInput, SimulatorStats } from './simulator.js';
export type { PushConfig } from './push.js';

export interface AlibabaSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  appKey?: string;
  appSecret?: string;
  /** Seed of the catalog generator and the fault dice. */
  seed?: number;
  /** Generated offers besides the documented sample offers (default 20). */
  offers?: number;
  suppliers?: number;
  /** Accepted gateway calls per sliding second; 0 (default) means unlimited. */
  rateLimitPerSecond?: number;
  /** APIs answered with gw.APIACLDecline (`namespace:apiName` or just `apiName`). */
  deniedApis?: string[];
  accessTokenLifetimeMs?: number;
  refreshTokenLifetimeMs?: number;
  clockOffsetMs?: number;
  /** Image paths as absolute URLs on this simulator instead of the platform's relative paths. */
  absoluteImageUrls?: boolean;
  push?: Partial<PushConfig>;
  faults?: Partial<FaultKnobs>;
}

export interface AlibabaSimulator {
  /** Gateway base, e.g. http://127.0.0.1:PORT; calls go to `${url}/openapi/param2/1/{namespace}/{apiName}/{appKey}`. */
  readonly url: string;
  readonly authorizeUrl: string;
  /** Prefix for the relative image paths of products (the platform's is https://cbu01.alicdn.com/). */
  readonly imageBaseUrl: string;
  readonly port: number;
  readonly appKey: string;
  readonly appSecret: string;
  /** Runtime fault knobs; change fields directly. */
  readonly faults: FaultKnobs;
  readonly stats: SimulatorStats;
  /** Push receiver settings; change fields directly. */
  readonly pushConfig: PushConfig;
  /** APIs denied by ACL; add or remove at runtime. */
  readonly deniedApis: Set<string>;
  rateLimitPerSecond: number;
  clockOffsetMs: number;
  seedCatalog(input?: SeedInput): string[];
  updateOffer(productId: string, change: OfferChange): void;
  setOfferPermitted(productId: string, permitted: boolean): void;
  listOffers(): ReturnType<SimulatorCore['listOffers']>;
  listOrders(): OrderSummary[];
  payOrder(orderId: string): OrderSummary;
  shipOrder(orderId: string, input?: ShipInput): OrderSummary;
  deliverOrder(orderId: string): OrderSummary;
  completeOrder(orderId: string): OrderSummary;
  cancelOrder(orderId: string, reason?: string): OrderSummary;
  issueToken(): { accessToken: string; refreshToken: string };
  expireTokens(options?: { refresh?: boolean }): void;
  sendPush(type: string, data?: Record<string, unknown>): { msgId: string };
  pushMessages(): SimPushMessage[];
  /** Waits for push deliveries in progress (including resends) to finish. */
  flushPush(): Promise<void>;
  close(): Promise<void>;
}

export async function startAlibabaSimulator(options: AlibabaSimulatorOptions = {}): Promise<AlibabaSimulator> {
  const core = new SimulatorCore({
    appKey: options.appKey ?? '1000001',
    appSecret: options.appSecret ?? 'sandbox-secret',
    seed: options.seed ?? 1688,
    offers: options.offers ?? 20,
    suppliers: options.suppliers ?? 3,
    accessTokenLifetimeMs: options.accessTokenLifetimeMs ?? 10 * 3600_000,
    refreshTokenLifetimeMs: options.refreshTokenLifetimeMs ?? 180 * 86_400_000,
    clockOffsetMs: options.clockOffsetMs ?? 0,
    absoluteImageUrls: options.absoluteImageUrls ?? false,
    push: options.push ?? {},
    faults: options.faults ?? {},
  });
  const gatewayOptions = { rateLimitPerSecond: options.rateLimitPerSecond ?? 0, deniedApis: new Set(options.deniedApis ?? []) };
  const server = createSimulatorServer(core, gatewayOptions);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  core.baseUrl = url;
  return {
    url,
    authorizeUrl: `${url}/oauth/authorize`,
    imageBaseUrl: `${url}/`,
    port,
    appKey: core.ctx.appKey,
    appSecret: core.ctx.appSecret,
    faults: core.faults.knobs,
    get stats() {
      return core.stats();
    },
    pushConfig: core.ctx.push.config,
    deniedApis: gatewayOptions.deniedApis,
    get rateLimitPerSecond() {
      return gatewayOptions.rateLimitPerSecond;
    },
    set rateLimitPerSecond(value: number) {
      gatewayOptions.rateLimitPerSecond = value;
    },
    get clockOffsetMs() {
      return core.clockOffsetMs;
    },
    set clockOffsetMs(value: number) {
      core.clockOffsetMs = value;
    },
    seedCatalog: (input) => core.seedCatalog(input),
    updateOffer: (id, change) => core.updateOffer(id, change),
    setOfferPermitted: (id, permitted) => core.setOfferPermitted(id, permitted),
    listOffers: () => core.listOffers(),
    listOrders: () => core.listOrders(),
    payOrder: (id) => core.payOrder(id),
    shipOrder: (id, input) => core.shipOrder(id, input),
    deliverOrder: (id) => core.deliverOrder(id),
    completeOrder: (id) => core.completeOrder(id),
    cancelOrder: (id, reason) => core.cancelOrder(id, reason),
    issueToken: () => core.issueToken(),
    expireTokens: (opts) => core.expireTokens(opts),
    sendPush: (type, data) => core.sendPush(type, data),
    pushMessages: () => core.ctx.push.all(),
    flushPush: () => core.ctx.push.flush(),
    close: async () => {
      core.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Runs the simulator until SIGINT/SIGTERM, printing where it listens (for `sandbox alibaba --port N`). */
export async function runAlibabaSimulatorForeground(
  options: AlibabaSimulatorOptions = {},
  print: (line: string) => void = (line) => console.log(line),
): Promise<void> {
  const sim = await startAlibabaSimulator(options);
  print(`1688 simulator listening on ${sim.url}`);
  print(`  gateway:   ${sim.url}/openapi/param2/1/{namespace}/{apiName}/${sim.appKey}`);
  print(`  authorize: ${sim.authorizeUrl}`);
  print(`  images:    ${sim.imageBaseUrl}`);
  print(`  control:   ${sim.url}/_control/{stats,offers,orders,seed,push,faults,clock,tokens}`);
  print(`  appKey:    ${sim.appKey} (app secret as configured; not printed)`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await sim.close();
  print('1688 simulator stopped');
}
