// Public API of the Odoo 18 XML-RPC simulator: start/stop, credentials, stats, fault knobs, in-process seeding.
import { G, ADMIN_GROUPS, INTEGRATION_GROUPS } from './access.js';
import { FaultInjector, type FaultOptions } from './chaos.js';
import { OdooCore } from './core.js';
import { SimStore } from './facade.js';
import { allModels } from './models/index.js';
import { addCustomFields, DEFAULT_MODULES, seed, type SeedUser } from './seed.js';
import { SimServer, type CostModel } from './server.js';
import { emptyStats, resetStats, type OdooSimStats } from './stats.js';
import type { Val, Vals } from './types.js';

export { G as OdooGroups, INTEGRATION_GROUPS, ADMIN_GROUPS };
export type { FaultOptions, FaultKind, FaultMatch } from './chaos.js';
export type { FaultInjector } from './chaos.js';
export type { OdooSimStats } from './stats.js';
export type { CostModel } from './server.js';
export type { SimStore } from './facade.js';
export type { Val as OdooValue, Vals as OdooVals } from './types.js';
export { OdooFault } from './faults.js';
export { CUSTOM_FIELDS } from './seed.js';

export interface OdooCredentials {
  uid: number;
  login: string;
  password: string;
  apiKey?: string;
}

export interface IntegrationUserOptions {
  login?: string;
  password?: string;
  /** Accepted in place of the password (res.users.apikeys). */
  apiKey?: string;
  /** false = the badly set-up "no email" user that cannot message_post. */
  email?: string | false;
  name?: string;
  /** Replaces the default groups (Internal User, Purchase/User, Inventory/User, Product and Contact Creation). */
  groups?: string[];
  /** Drops groups from the default set, e.g. [OdooGroups.contactCreation]. */
  withoutGroups?: string[];
  /** Gives the integration user every admin group (a setup `doctor` should warn about). */
  admin?: boolean;
}

export interface OdooSimOptions {
  /** 0 (default) = a free port. */
  port?: number;
  host?: string;
  db?: string;
  adminPassword?: string;
  integrationUser?: IntegrationUserOptions;
  /** Extra users: uid allocated from 7 on. */
  users?: { login: string; password: string; groups?: string[]; email?: string | false; name?: string }[];
  /** Per-call latency in ms (default 0). */
  latencyMs?: number;
  /** Cost of a password re-check (default 0 in tests; ~600 on a real server). */
  passwordCheckMs?: number;
  faults?: FaultOptions;
  /** Pre-create the project's x_alibaba_* custom fields (default false). */
  customFields?: boolean;
  /** CNY active (default false, as out of the box). */
  cnyActive?: boolean;
  /** A CNY rate (CNY per USD) dated 2025-01-01; none by default. */
  cnyRate?: number;
  /** Module install overrides, e.g. { stock_delivery: false }. */
  modules?: Record<string, boolean>;
  /** Clock for create/write dates (default: real time). */
  now?: () => Date;
}

export interface SeedLine {
  productId: number;
  qty: number;
  price: number;
  datePlanned?: string;
}

export interface OdooSimulator {
  readonly url: string;
  readonly port: number;
  readonly host: string;
  readonly db: string;
  readonly admin: OdooCredentials;
  readonly integration: OdooCredentials;
  readonly stats: OdooSimStats;
  resetStats(): void;
  readonly faults: FaultInjector;
  /** Mutable: change latency or password-check cost at runtime. */
  readonly cost: CostModel;
  readonly store: SimStore;
  /** Creates the x_alibaba_* custom fields now (all, or the named ones). */
  addCustomFields(names?: string[]): void;
  /** A vendor (res.partner company) in China; returns its id. */
  seedVendor(vals?: Vals): number;
  /** A storable product template (single variant); returns { templateId, variantId }. */
  seedProduct(vals?: Vals): { templateId: number; variantId: number };
  /** A draft purchase order with lines; returns its id. */
  seedPurchaseOrder(opts: { partnerId: number; lines: SeedLine[]; vals?: Vals }): number;
  /** button_confirm; returns the receipt picking ids. */
  confirmPurchaseOrder(orderId: number): number[];
  close(): Promise<void>;
}

export async function startOdooSimulator(options: OdooSimOptions = {}): Promise<OdooSimulator> {
  const db = options.db ?? 'odoo';
  const host = options.host ?? '127.0.0.1';
  const modules = { ...DEFAULT_MODULES, ...(options.modules ?? {}) };
  const installed = new Set(Object.entries(modules).filter(([, on]) => on).map(([m]) => m));
  const core = new OdooCore(allModels(), installed, db, options.now ?? (() => new Date()));
  const iu = options.integrationUser ?? {};
  const drop = new Set(iu.withoutGroups ?? []);
  const integrationGroups = iu.admin ? ADMIN_GROUPS : (iu.groups ?? INTEGRATION_GROUPS).filter((g) => !drop.has(g));
  const admin: OdooCredentials = { uid: 2, login: 'admin', password: options.adminPassword ?? 'admin' };
  const integration: OdooCredentials = { uid: 6, login: iu.login ?? 'sync', password: iu.password ?? 'sync-pass' };
  if (iu.apiKey) integration.apiKey = iu.apiKey;
  const users: SeedUser[] = [
    { ...admin, name: 'Administrator', email: 'admin@example.com', groups: ADMIN_GROUPS, apiKeys: [] },
    { ...integration, name: 'Alibaba Sync', email: iu.email === undefined ? 'sync@example.com' : iu.email,
      groups: integrationGroups, apiKeys: iu.apiKey ? [iu.apiKey] : [] },
    ...(options.users ?? []).map((u, i): SeedUser => ({
      uid: 7 + i, login: u.login, password: u.password, name: u.name ?? u.login, email: u.email ?? `${u.login}@example.com`,
      groups: u.groups ?? [G.internal], apiKeys: [],
    })),
  ];
  seed(core, { users, modules, cnyActive: options.cnyActive ?? false, cnyRate: options.cnyRate, customFields: options.customFields ?? false });

  const stats = emptyStats();
  const faults = new FaultInjector(options.faults ?? {});
  const cost: CostModel = { latencyMs: options.latencyMs ?? 0, passwordCheckMs: options.passwordCheckMs ?? 0 };
  const server = new SimServer({ core, stats, faults, cost });
  const port = await server.listen(options.port ?? 0, host);
  const store = new SimStore(core);

  return {
    url: `http://${host}:${port}`, port, host, db, admin, integration, stats, faults, cost, store,
    resetStats: () => resetStats(stats),
    addCustomFields: (names) => {
      core.transaction(() => addCustomFields(core, names));
    },
    seedVendor: (vals = {}) => store.create('res.partner', {
      name: 'Shenzhen Supplier Co., Ltd.', is_company: true, street: '1 Huaqiang North Road', city: '深圳市', zip: '518000',
      state_id: 890, country_id: 48, phone: '+86 755 1234 5678', email: 'sales@supplier.example.cn', supplier_rank: 1, ...vals,
    }),
    seedProduct: (vals = {}) => {
      const templateId = store.create('product.template', { name: 'Sample Product', is_storable: true, standard_price: 1, ...vals });
      const variantId = store.search('product.product', [['product_tmpl_id', '=', templateId]])[0] as number;
      return { templateId, variantId };
    },
    seedPurchaseOrder: ({ partnerId, lines, vals = {} }) => store.create('purchase.order', {
      partner_id: partnerId,
      order_line: lines.map((l): Val => [0, 0, {
        product_id: l.productId, product_qty: l.qty, price_unit: l.price, ...(l.datePlanned ? { date_planned: l.datePlanned } : {}),
      }]),
      ...vals,
    }),
    confirmPurchaseOrder: (orderId) => {
      store.call('purchase.order', 'button_confirm', [orderId]);
      return store.search('stock.picking', [['purchase_id', '=', orderId]]);
    },
    close: () => server.close(),
  };
}

/** Runs the simulator until SIGINT/SIGTERM, printing where it listens and how to log in (sandbox only). */
export async function runOdooSimulatorForeground(options: OdooSimOptions = {}, out: (line: string) => void = console.log): Promise<void> {
  const sim = await startOdooSimulator(options);
  out(`Odoo 18 simulator listening on ${sim.url} (database "${sim.db}")`);
  out(`  admin:            login ${sim.admin.login} / password ${sim.admin.password} (uid ${sim.admin.uid})`);
  out(`  integration user: login ${sim.integration.login} / password ${sim.integration.password} (uid ${sim.integration.uid})`);
  out('Press Ctrl+C to stop.');
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void sim.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
