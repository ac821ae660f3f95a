// `npm run bench`: every scenario against in-process simulators with real latency; a table, PASS/MISS per target, JSON.
import os from 'node:os';
import path from 'node:path';
import { importCatalog, naiveCatalog, perOffer, stockOnly } from './catalog.js';
import { REALISTIC, startEnv, type BenchEnv } from './env.js';
import { memoryScenario } from './memory.js';
import { pullShipmentsScenario, pushOrdersScenario } from './orders.js';
import { webhookScenario } from './webhook.js';
import { printScenarios, printTargets, writeJson, type ScenarioResult, type TargetResult } from './report.js';

const quick = process.argv.includes('--quick');
const flag = (name: string): number | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
};
const SIZES = quick
  ? { catalog: 60, orders: 30, naive: 8, scale: [20, 60, 240], memory: flag('--memory-offers') ?? 2_000, webhookOffers: 20, webhookOrders: 20 }
  : { catalog: 400, orders: 200, naive: 40, scale: [100, 400, 1_600], memory: flag('--memory-offers') ?? 20_000, webhookOffers: 60, webhookOrders: 100 };
const RATE = 20;
const PAGE_SIZE = 500;
const CONCURRENCY = 8;
const OUT = path.resolve(process.cwd(), 'bench-results', quick ? 'quick.json' : 'latest.json');

const log = (line: string): void => void process.stderr.write(`bench: ${line}\n`);

async function withEnv<T>(offers: number, fn: (env: BenchEnv) => Promise<T>): Promise<T> {
  const env = await startEnv({ latency: REALISTIC, offers, rateLimit: RATE, concurrency: CONCURRENCY });
  try {
    return await fn(env);
  } finally {
    await env.close();
  }
}

function webhookTarget(w: ScenarioResult | undefined): TargetResult {
  const p95 = Number(w?.details?.p95Ms ?? NaN);
  return { target: `webhook p95 under 1 s (${w?.records ?? 0} messages)`, measured: `p50 ${String(w?.details?.p50Ms)} ms, p95 ${p95} ms`, pass: p95 < 1_000 };
}

function targets(r: Record<string, ScenarioResult>): TargetResult[] {
  const first = r['catalog.first']!;
  const rerun = r['catalog.rerun']!;
  const naive = r['catalog.naive']!;
  const stock = r['stock-only']!;
  const push = r['push-orders']!;
  const [small, , large] = SIZES.scale.map((n) => r[`scale.${n}`]!);
  const memory = r[`memory.${SIZES.memory}`]!;
  const speedup = perOffer(naive) / perOffer(first);
  const linear = perOffer(large!) / perOffer(small!);
  const odooLinear = (large!.odooPerRecord ?? 0) / Math.max(0.001, small!.odooPerRecord ?? 0);
  const childRss = Number(memory.details?.childPeakRssMb ?? NaN);
  return [
    { target: `catalog ${first.records} offers within 1.15x the rate-limit bound`, measured: `${first.ratioToBound}x (${(first.wallMs! / 1000).toFixed(1)} s vs ${(first.boundMs! / 1000).toFixed(1)} s)`, pass: first.ratioToBound! <= 1.15 },
    { target: 'catalog at least 10x faster than the naive baseline (per offer)', measured: `${speedup.toFixed(1)}x (${perOffer(naive).toFixed(0)} vs ${perOffer(first).toFixed(1)} ms/offer)`, pass: speedup >= 10 },
    // The one write left is the supplier stock's read time: write(ids) splits by odoo.pageSize.
    { target: 'unchanged rerun: no Odoo write but the stock read time', measured: `${rerun.odooWrites} writes for ${rerun.variants} variants`, pass: (rerun.odooWrites ?? 1) <= Math.ceil((rerun.variants ?? 0) / PAGE_SIZE) },
    { target: 'unchanged rerun: <= 0.02 Odoo round trips per variant', measured: `${rerun.odooPerVariant} (${rerun.sample?.odooRoundTrips} for ${rerun.variants} variants)`, pass: (rerun.odooPerVariant ?? 1) <= 0.02 },
    {
      target: `stock-only ${stock.records} offers: one 1688 call per offer, within 1.15x the rate-limit bound`,
      measured: `${stock.gatewayPerRecord} calls per offer, ${stock.ratioToBound}x (${(stock.wallMs! / 1000).toFixed(1)} s vs ${(stock.boundMs! / 1000).toFixed(1)} s); Odoo ${stock.odooPerVariant} round trips per variant, ${stock.odooWrites} writes`,
      pass: stock.gatewayPerRecord === 1 && stock.ratioToBound! <= 1.15,
    },
    { target: `push-orders ${push.records} POs within 1.15x the rate-limit bound`, measured: `${push.ratioToBound}x (${(push.wallMs! / 1000).toFixed(1)} s vs ${(push.boundMs! / 1000).toFixed(1)} s)`, pass: push.ratioToBound! <= 1.15 },
    webhookTarget(r['webhook']),
    { target: `cost linear: per-offer time at ${large!.records} within 1.15x of ${small!.records}`, measured: `${linear.toFixed(2)}x wall, ${odooLinear.toFixed(2)}x Odoo RT per offer`, pass: linear <= 1.15 && odooLinear <= 1.15 },
    { target: `peak RSS under 200 MB at ${memory.records} offers`, measured: `${childRss} MB child (parent with simulators ${String(memory.details?.parentPeakRssMb)} MB)`, pass: childRss < 200 },
  ];
}

function whereTimeGoes(r: ScenarioResult): void {
  const d = r.details as { alibabaClient?: Record<string, number>; odooClient?: { slowestCalls?: { call: string; calls: number; ms: number }[] } } | undefined;
  const phases = Object.entries(r.phasesMs ?? {}).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ');
  log(`${r.title}: phases (summed over concurrent work) ${phases}; 1688 rate-limit wait ${((d?.alibabaClient?.rateLimitWaitMs ?? 0) / 1000).toFixed(1)} s, flow-controlled ${d?.alibabaClient?.flowControlled ?? 0}, retries ${d?.alibabaClient?.retries ?? 0}; password re-checks ${r.sample?.passwordChecks}`);
  const slow = d?.odooClient?.slowestCalls?.map((c) => `${c.call} ${c.calls}x ${(c.ms / 1000).toFixed(1)} s`).join(', ');
  if (slow) log(`  slowest Odoo calls: ${slow}`);
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadAtStart = os.loadavg();
  const all: ScenarioResult[] = [];
  const add = (res: ScenarioResult): ScenarioResult => {
    all.push(res);
    log(`${res.title}: ${res.status === 'measured' ? `${((res.wallMs ?? 0) / 1000).toFixed(1)} s` : res.status}`);
    return res;
  };
  log(`simulators in worker threads; 1688 ${REALISTIC.alibabaMs} ms/call, flow control ${REALISTIC.alibabaPerSecond}/s; Odoo ${REALISTIC.odooMs} ms/round trip, password re-check ${REALISTIC.passwordCheckMs} ms; alibaba.rateLimit ${RATE}, concurrency ${CONCURRENCY}${quick ? ' (quick sizes)' : ''}`);

  await withEnv(SIZES.catalog, async (env) => {
    whereTimeGoes(add(await importCatalog(env, env.offerIds, 'catalog.first', `catalog import, ${SIZES.catalog} offers, first run`)));
    add(await importCatalog(env, env.offerIds, 'catalog.rerun', 'catalog import, unchanged rerun'));
    add(await stockOnly(env, env.offerIds));
    whereTimeGoes(add(await pushOrdersScenario(env, SIZES.orders)));
    add(await pullShipmentsScenario(env, SIZES.orders));
  });
  await withEnv(SIZES.naive, async (env) => whereTimeGoes(add(await naiveCatalog(env, env.offerIds, SIZES.catalog))));
  await withEnv(SIZES.webhookOffers, async (env) => {
    await importCatalog(env, env.offerIds, 'webhook.catalog', 'webhook setup: catalog');
    await pushOrdersScenario(env, SIZES.webhookOrders);
    add(await webhookScenario(env, SIZES.webhookOrders, 250));
  });
  for (const n of SIZES.scale) {
    const same = all.find((x) => x.id === 'catalog.first' && x.records === n);
    if (same) add({ ...same, id: `scale.${n}`, title: `scale, ${n} offers`, note: 'the first catalog run above' });
    else await withEnv(n, async (env) => void add(await importCatalog(env, env.offerIds, `scale.${n}`, `scale, ${n} offers`)));
  }
  add(await memoryScenario(SIZES.memory, CONCURRENCY));

  const byId = Object.fromEntries(all.map((x) => [x.id, x]));
  const checks = targets(byId);
  printScenarios(all);
  printTargets(checks);
  writeJson(OUT, {
    generatedAt: new Date().toISOString(),
    quick,
    machine: { node: process.version, platform: `${os.platform()} ${os.arch()}`, cpus: os.cpus().length, loadAvgAtStart: loadAtStart, loadAvgAtEnd: os.loadavg() },
    settings: { latency: REALISTIC, rateLimit: RATE, concurrency: CONCURRENCY, sizes: SIZES },
    totalMs: Math.round(performance.now() - started),
    scenarios: all,
    targets: checks,
  });
  console.log(`JSON: ${path.relative(process.cwd(), OUT)} (total ${((performance.now() - started) / 1000).toFixed(0)} s; load average ${loadAtStart.map((l) => l.toFixed(1)).join(' ')} at start, ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at end on ${os.cpus().length} CPUs)`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
