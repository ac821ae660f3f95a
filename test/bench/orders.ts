// Order scenarios: push-orders over confirmed purchase orders, then pull-shipments once 1688 shipped them.
import type { Alibaba } from '../../src/alibaba/index.js';
import { orderApiFor as cliOrderApi } from '../../src/cli/commands/push-orders.js';
import { shipmentApi } from '../../src/cli/commands/pull-shipments.js';
import type { OrderSummary } from '../../src/sandbox/alibaba/index.js';
import { pushOrders } from '../../src/sync/orders.js';
import { pullShipments, type ShipmentApi } from '../../src/sync/shipments.js';
import type { OrderApi } from '../../src/sync/orders/submit.js';
import { BenchMetrics, type BenchEnv } from './env.js';
import { measure } from './measure.js';
import { alibabaClientFigures, figures, type ScenarioResult } from './report.js';

/** The same order calls push-orders gets from the CLI. */
export function orderApiFor(alibaba: Alibaba): OrderApi {
  return cliOrderApi(alibaba.client);
}

/**
 * Seeds `count` confirmed purchase orders (up to 3 SKUs of one offer each, 10 of each) for offers
 * pull-products imported, with stock on 1688 and a Chinese warehouse address. Not measured.
 */
export async function seedConfirmedOrders(env: BenchEnv, count: number): Promise<number> {
  const { odooSim, alibabaSim, store } = env;
  await odooSim.call('store.write', 'res.partner', [1], {
    street: '南山区粤海街道科技南路18号', street2: '3栋501室', city: '深圳市', zip: '518057', state_id: 890, country_id: 48, mobile: '+86 138 0013 8000',
  });
  const byOffer = new Map<string, { variantId: number; supplierId: string }[]>();
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  for (const l of store.links.list('sku')) {
    const offerId = text(l.extra?.offerId);
    byOffer.set(offerId, [...(byOffer.get(offerId) ?? []), { variantId: l.odooId, supplierId: text(l.extra?.supplierId) }]);
  }
  const vendorOf = new Map<string, number>();
  let seeded = 0;
  for (const [offerId, skus] of byOffer) {
    if (seeded >= count) break;
    await alibabaSim.call('updateOffer', offerId, { stock: 100_000 });
    const supplierId = skus[0]!.supplierId;
    let partnerId = vendorOf.get(supplierId);
    if (partnerId === undefined) {
      partnerId = (await odooSim.call<number[]>('store.search', 'res.partner', [['x_alibaba_supplier_id', '=', supplierId]]))[0]!;
      vendorOf.set(supplierId, partnerId);
    }
    const poId = await odooSim.call<number>('seedPurchaseOrder', { partnerId, lines: skus.slice(0, 3).map((s) => ({ productId: s.variantId, qty: 10, price: 5 })) });
    await odooSim.call('confirmPurchaseOrder', poId);
    seeded += 1;
  }
  return seeded;
}

export async function pushOrdersScenario(env: BenchEnv, count: number): Promise<ScenarioResult> {
  const seeded = await seedConfirmedOrders(env, count);
  const { odoo, alibaba } = env.clients();
  const metrics = new BenchMetrics();
  const { result, sample } = await measure(env, () =>
    pushOrders({ odoo, api: orderApiFor(alibaba), store: env.store, logger: env.logger, config: env.config, metrics }, { poNames: [], dryRun: false }),
  );
  const a = alibaba.client.stats;
  return figures('push-orders', `push-orders, ${seeded} POs`, sample, {
    records: seeded,
    recordKind: 'POs',
    ratePerSecond: env.config.alibaba.rateLimit,
    phases: metrics.phases,
    details: {
      counts: result.counts,
      alibabaClient: alibabaClientFigures(a),
      odooClient: odoo.stats.snapshot(),
    },
  });
}

/** The same 1688 calls pull-shipments gets from the CLI. */
export function shipmentApiFor(alibaba: Alibaba): ShipmentApi {
  return shipmentApi(alibaba.client);
}

/** Pays and ships the orders push-orders created (not measured), then pulls their status and tracking. */
export async function pullShipmentsScenario(env: BenchEnv, count: number): Promise<ScenarioResult> {
  const shipped = (await env.alibabaSim.call<OrderSummary[]>('listOrders')).slice(0, count);
  for (const o of shipped) {
    await env.alibabaSim.call('payOrder', o.orderId);
    await env.alibabaSim.call('shipOrder', o.orderId);
  }
  const { odoo, alibaba } = env.clients();
  const metrics = new BenchMetrics();
  const { sample, result } = await measure(env, () =>
    pullShipments({ odoo, api: shipmentApiFor(alibaba), store: env.store, logger: env.logger, config: env.config, metrics }, { orderIds: [], dryRun: false }),
  );
  const a = alibaba.client.stats;
  return figures('pull-shipments', `pull-shipments, ${shipped.length} shipped`, sample, {
    records: shipped.length,
    recordKind: 'orders',
    ratePerSecond: env.config.alibaba.rateLimit,
    phases: metrics.phases,
    details: {
      counts: result.counts,
      alibabaClient: alibabaClientFigures(a),
      odooClient: odoo.stats.snapshot(),
    },
  });
}
