// Bench results: the per-scenario record, the targets with PASS/MISS, the printed tables and the JSON file.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Table from 'cli-table3';
import type { Sample } from './measure.js';

export interface ScenarioResult {
  id: string;
  title: string;
  status: 'measured' | 'not available yet';
  note?: string;
  records?: number;
  recordKind?: string;
  variants?: number;
  wallMs?: number;
  /** The time the 1688 rate limit alone sets: accepted gateway calls / rate. */
  boundMs?: number;
  ratioToBound?: number;
  gatewayPerRecord?: number;
  odooPerRecord?: number;
  odooPerVariant?: number;
  odooWrites?: number;
  rssPeakMb?: number;
  sample?: Sample;
  phasesMs?: Record<string, number>;
  details?: Record<string, unknown>;
}

export interface TargetResult {
  target: string;
  measured: string;
  /** undefined when the scenario is not available yet. */
  pass: boolean | undefined;
}

const r2 = (n: number): number => Math.round(n * 100) / 100;
const r3 = (n: number): number => Math.round(n * 1000) / 1000;

/** Builds the common figures from a sample: bound, ratios and per-record costs. */
export function figures(id: string, title: string, sample: Sample, o: { records: number; recordKind: string; variants?: number; ratePerSecond: number; phases?: Record<string, number>; note?: string; details?: Record<string, unknown> }): ScenarioResult {
  const boundMs = (sample.gatewayCalls / o.ratePerSecond) * 1000;
  return {
    id,
    title,
    status: 'measured',
    ...(o.note ? { note: o.note } : {}),
    records: o.records,
    recordKind: o.recordKind,
    ...(o.variants !== undefined ? { variants: o.variants, odooPerVariant: r3(sample.odooRoundTrips / Math.max(1, o.variants)) } : {}),
    wallMs: Math.round(sample.wallMs),
    boundMs: Math.round(boundMs),
    ratioToBound: boundMs > 0 ? r2(sample.wallMs / boundMs) : 0,
    gatewayPerRecord: r3(sample.gatewayCalls / Math.max(1, o.records)),
    odooPerRecord: r3(sample.odooRoundTrips / Math.max(1, o.records)),
    odooWrites: sample.odooWrites,
    rssPeakMb: sample.rssPeakMb,
    sample,
    ...(o.phases ? { phasesMs: Object.fromEntries(Object.entries(o.phases).map(([k, v]) => [k, Math.round(v)])) } : {}),
    ...(o.details ? { details: o.details } : {}),
  };
}

export function notAvailable(id: string, title: string, note: string): ScenarioResult {
  return { id, title, status: 'not available yet', note };
}

const s = (ms: number | undefined): string => (ms === undefined ? '' : `${(ms / 1000).toFixed(1)} s`);
const n = (x: number | undefined): string => (x === undefined ? '' : String(x));

export function printScenarios(results: readonly ScenarioResult[]): void {
  const table = new Table({
    head: ['scenario', 'records', 'wall', 'bound', 'x bound', '1688/rec', 'Odoo RT/rec', 'Odoo RT/variant', 'Odoo writes', 'peak RSS MB'],
    style: { head: [], border: [] },
  });
  for (const r of results) {
    if (r.status !== 'measured') {
      table.push([r.title, { colSpan: 9, content: `not available yet: ${r.note ?? ''}` }]);
      continue;
    }
    table.push([
      r.title,
      `${n(r.records)} ${r.recordKind ?? ''}${r.variants !== undefined ? ` (${r.variants} var.)` : ''}`,
      s(r.wallMs),
      r.boundMs ? s(r.boundMs) : '-',
      r.boundMs ? n(r.ratioToBound) : '-',
      n(r.gatewayPerRecord),
      n(r.odooPerRecord),
      n(r.odooPerVariant),
      n(r.odooWrites),
      n(r.rssPeakMb),
    ]);
  }
  console.log(table.toString());
}

export function printTargets(targets: readonly TargetResult[]): void {
  const table = new Table({ head: ['target', 'measured', 'result'], style: { head: [], border: [] } });
  for (const t of targets) table.push([t.target, t.measured, t.pass === undefined ? 'N/A' : t.pass ? 'PASS' : 'MISS']);
  console.log(table.toString());
}

export function writeJson(file: string, body: Record<string, unknown>): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
}

/** The 1688 client's counters a scenario reports: calls, retries, flow control and the waits. */
export function alibabaClientFigures(a: { calls: number; retries: number; flowControlled: number; rateLimitWaitMs: number; retryAfterWaitMs: number }): Record<string, number> {
  return { calls: a.calls, retries: a.retries, flowControlled: a.flowControlled, rateLimitWaitMs: a.rateLimitWaitMs, retryAfterWaitMs: a.retryAfterWaitMs };
}
