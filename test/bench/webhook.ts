// Scenario 4: push message received by `serve` to the Odoo picking updated, p50 and p95, at a steady arrival rate.
import { hostname } from 'node:os';
import type { OrderSummary } from '../../src/sandbox/alibaba/index.js';
import { startServe } from '../../src/sync/webhooks.js';
import type { BenchEnv } from './env.js';
import { orderApiFor, shipmentApiFor } from './orders.js';
import type { ScenarioResult } from './report.js';

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/**
 * Pays and ships `orders` pushed orders one after another (two push messages each, `spacingMs` apart),
 * so the 1688 calls the worker makes stay under the rate limit, as messages trickle in on a real day.
 */
export async function webhookScenario(env: BenchEnv, orders: number, spacingMs: number): Promise<ScenarioResult> {
  const { odoo, alibaba } = env.clients();
  const serve = await startServe(
    {
      store: env.store,
      odoo,
      alibaba: alibaba.client,
      shipmentApi: shipmentApiFor(alibaba),
      orderApi: orderApiFor(alibaba),
      config: env.config,
      logger: env.logger,
      holder: { pid: process.pid, host: hostname(), runId: 'bench-serve' },
    },
    { port: 0, missedIntervalMs: 0 },
  );
  const started = performance.now();
  try {
    await env.alibabaSim.call('setPushUrl', `${serve.url}/webhooks/1688`);
    const waiting = (await env.alibabaSim.call<OrderSummary[]>('listOrders')).filter((o) => o.status === 'waitbuyerpay').slice(0, orders);
    const pause = (): Promise<void> => new Promise((r) => setTimeout(r, spacingMs));
    for (const o of waiting) {
      await env.alibabaSim.call('payOrder', o.orderId);
      await pause();
      await env.alibabaSim.call('shipOrder', o.orderId);
      await pause();
    }
    await env.alibabaSim.call('flushPush');
    await serve.idle();
    const samples = [...serve.stats.webhookLatencyMs].sort((a, b) => a - b);
    return {
      id: 'webhook',
      title: `webhook latency, ${samples.length} messages`,
      status: 'measured',
      records: samples.length,
      recordKind: 'messages',
      wallMs: Math.round(performance.now() - started),
      details: {
        p50Ms: Math.round(percentile(samples, 50)),
        p95Ms: Math.round(percentile(samples, 95)),
        maxMs: Math.round(samples[samples.length - 1] ?? NaN),
        received: serve.stats.received,
        processed: serve.stats.processed,
        failed: serve.stats.failed,
        spacingMs,
      },
    };
  } finally {
    await serve.close();
  }
}
