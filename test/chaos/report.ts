// The chaos report as text: faults injected, kills, records, duplicates, losses, dead letters.
import type { ChaosReport } from './harness.js';

const kv = (record: Record<string, number>): string =>
  Object.entries(record)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || 'none';

export function formatReport(r: ChaosReport): string {
  const f = r.findings;
  const o = r.options;
  const duplicates = f.duplicates.orders + f.duplicates.templates + f.duplicates.variants + f.duplicates.suppliers;
  const losses = f.losses.ordersMissing + f.losses.orderIdNotOnPo + f.losses.offersMissing + f.losses.trackingMissing + f.losses.stockStale;
  return [
    `chaos (seed ${o.seed}): ${f.records.offers} offers, ${o.pos} purchase orders, ${r.runs} CLI runs in ${(r.durationMs / 1000).toFixed(1)} s`,
    `faults injected: ${r.faults.total} (1688: ${kv(r.faults.alibaba)}; Odoo: ${kv(r.faults.odoo)})`,
    `kills (SIGKILL at a random moment): ${r.kills}; exits: ${kv(r.exitCodes)}`,
    `overlapping runs: ${o.overlap} started at once, exit codes ${r.overlap.codes.join(', ')}`,
    `quiet: ${r.quiet.reached ? `reached after ${r.quiet.runs} fault-free runs` : `NOT reached in ${r.quiet.runs} runs`}`,
    `records: ${f.records.templates} templates, ${f.records.variants} variants, ${f.records.alibabaOrders} 1688 orders for ${f.records.purchaseOrders} POs, ${f.records.shippedOrders} shipped in ${f.records.packages} packages`,
    `duplicates: ${duplicates} (orders ${f.duplicates.orders}, templates ${f.duplicates.templates}, variants ${f.duplicates.variants}, vendors ${f.duplicates.suppliers})`,
    `losses: ${losses} (POs without an order ${f.losses.ordersMissing}, order id not on the PO ${f.losses.orderIdNotOnPo}, offers without a product ${f.losses.offersMissing}, tracking missing ${f.losses.trackingMissing}, supplier stock stale ${f.losses.stockStale})`,
    `dead letters: ${f.deadLetters.total} (unexplained ${f.deadLetters.unexplained}${f.deadLetters.total > 0 ? `; ${kv(f.deadLetters.byCode)}` : ''})`,
    ...f.deadLetters.messages.map((m) => `  dead letter: ${m}`),
    ...f.problems.map((p) => `  problem: ${p}`),
  ].join('\n');
}
