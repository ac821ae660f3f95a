// The chaos scenario's world: both simulators with fault knobs, a config with fast retries, and the buyer's and suppliers' moves.
import { writeFileSync } from 'node:fs';
import type { FaultKnobs } from '../../src/sandbox/alibaba/index.js';
import type { FaultOptions } from '../../src/sandbox/odoo/index.js';
import { chineseWarehouse, confirmedPo, skusBySupplier } from '../helpers/orders.js';
import { startSims, type Sims } from '../helpers/sims.js';
import { runCliChild, type ChildRun } from './child.js';
import type { Prng } from './prng.js';

/** 1688: about 20% of calls fail (5xx, flow control, timeouts, resets); a third of created orders lose their answer. */
export const ALIBABA_FAULTS: Partial<FaultKnobs> = {
  serverErrorRate: 0.07,
  flowControlRate: 0.05,
  timeoutRate: 0.04,
  resetRate: 0.04,
  dropAfterCreateRate: 0.3,
  timeoutHoldMs: 500,
};

/** Odoo: about 10% of calls time out or lose their connection, before or after the commit. */
export const ODOO_FAULTS: FaultOptions = { timeoutRate: 0.03, dropBeforeRate: 0.03, dropAfterRate: 0.04 };

const RETRY = '{ maxAttempts: 5, baseDelayMs: 5, maxDelayMs: 40, budgetMs: 4000 }';

export interface Scenario {
  sims: Sims;
  env: Record<string, string>;
  offers: string[];
  /** Purchase orders confirmed so far, in creation order. */
  pos: number[];
  faults(on: boolean): void;
  cli(args: string[], killAfterMs?: number): Promise<ChildRun>;
  /** Confirms `count` purchase orders, spread over the suppliers' SKUs. */
  confirmPos(count: number, prng: Prng): number[];
  /** Pays and ships a share of the 1688 orders not shipped yet (all with share 1); some in two packages. */
  ship(share: number, prng: Prng): number;
  /** Changes the price of one offer on 1688, so the next pull has something to write. */
  repriceOne(prng: Prng): void;
  /** Changes the stock of one offer on 1688 (never below what an order needs), pushed as an inventory message. */
  restockOne(prng: Prng): void;
  close(): Promise<void>;
}

export async function startScenario(dir: string, options: { offers: number; seed: number }): Promise<Scenario> {
  const sims = await startSims(dir, {
    alibaba: { offers: options.offers, seed: options.seed, faults: { timeoutHoldMs: ALIBABA_FAULTS.timeoutHoldMs! } },
    odoo: { faults: { seed: options.seed, timeoutMs: 900 } },
  });
  const offers = sims.alibaba.listOffers().map((o) => o.productId);
  const env = { ...sims.env, SYNC_STATE_KEY: `chaos-key-${options.seed}` };
  writeFileSync(sims.config, chaosConfig(sims, offers));
  sims.seedToken();
  chineseWarehouse(sims);
  let shipped = 0;
  const pos: number[] = [];
  return {
    sims,
    env,
    offers,
    pos,
    faults(on) {
      if (on) {
        Object.assign(sims.alibaba.faults, ALIBABA_FAULTS);
        sims.odoo.faults.set(ODOO_FAULTS);
      } else {
        Object.assign(sims.alibaba.faults, { serverErrorRate: 0, flowControlRate: 0, timeoutRate: 0, resetRate: 0, dropAfterCreateRate: 0 });
        sims.odoo.faults.set({ timeoutRate: 0, dropBeforeRate: 0, dropAfterRate: 0 });
      }
    },
    cli: (args, killAfterMs) => runCliChild(['--config', sims.config, ...args], { cwd: dir, env, killAfterMs, timeoutMs: 60_000 }),
    confirmPos(count, prng) {
      const groups = skusBySupplier(sims);
      const ids: number[] = [];
      for (let i = 0; i < count; i += 1) {
        const group = groups[(pos.length + i) % groups.length]!;
        const first = prng.int(0, group.length - 1);
        const skus = prng.chance(0.5) && group.length > 1 ? [group[first]!, group[(first + 1) % group.length]!] : [group[first]!];
        ids.push(confirmedPo(sims, skus, prng.int(1, 3) * 10));
      }
      pos.push(...ids);
      return ids;
    },
    ship(share, prng) {
      let n = 0;
      for (const order of sims.alibaba.listOrders()) {
        if (order.status !== 'waitbuyerpay' && order.status !== 'waitsellersend') continue;
        if (share < 1 && !prng.chance(share)) continue;
        if (order.status === 'waitbuyerpay') sims.alibaba.payOrder(order.orderId);
        const bill = (): string => `SF${options.seed}${String((shipped += 1)).padStart(6, '0')}`;
        const twoPackages = order.items.length > 1 && prng.chance(0.5);
        sims.alibaba.shipOrder(order.orderId, twoPackages ? { packages: [{ trackingNumber: bill(), carrier: 'SF' }, { trackingNumber: bill(), carrier: 'ZTO' }] } : { trackingNumber: bill(), carrier: 'SF' });
        n += 1;
      }
      return n;
    },
    repriceOne(prng) {
      const offer = offers[prng.int(0, offers.length - 1)]!;
      sims.alibaba.updateOffer(offer, { price: prng.int(100, 9_900) / 100 });
    },
    restockOne(prng) {
      const offer = offers[prng.int(0, offers.length - 1)]!;
      sims.alibaba.updateOffer(offer, { stock: prng.int(1_000, 5_000) });
    },
    close: () => sims.close(),
  };
}

function chaosConfig(sims: Sims, offers: readonly string[]): string {
  return `odoo:
  url: ${sims.odoo.url}
  database: ${sims.odoo.db}
  login: ${sims.odoo.integration.login}
  password: \${ODOO_PASSWORD}
  timeoutMs: 600
  retry: ${RETRY}
alibaba:
  appKey: "${sims.alibaba.appKey}"
  appSecret: \${ALIBABA_APP_SECRET}
  gatewayUrl: ${sims.alibaba.url}
  authorizeUrl: ${sims.alibaba.authorizeUrl}
  imageBaseUrl: ${sims.alibaba.imageBaseUrl}
  rateLimit: 500
  concurrency: 8
  timeoutMs: 400
  retry: ${RETRY}
sync:
  defaultCategory: All
  orderLookupSettle: 0s
  trackedOffers: [${offers.map((o) => `"${o}"`).join(', ')}]
state:
  path: ./state.sqlite
  encryptionKey: \${SYNC_STATE_KEY}
logging:
  level: warn
`;
}
