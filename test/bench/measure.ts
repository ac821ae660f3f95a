// Measures one scenario: wall time, simulator-side call counts (deltas) and the peak RSS sampled meanwhile.
import type { SimulatorStats } from '../../src/sandbox/alibaba/index.js';
import type { OdooSimStats } from '../../src/sandbox/odoo/index.js';
import type { RemoteSim } from './remote-sim.js';

export interface Sample {
  wallMs: number;
  /** Gateway calls the 1688 simulator accepted (flow-control rejections excluded). */
  gatewayCalls: number;
  gatewayRejected: number;
  gatewayByApi: Record<string, number>;
  /** Highest calls per sliding second the 1688 simulator saw so far (not reset between scenarios). */
  maxCallsPerSecond: number;
  odooRoundTrips: number;
  odooWrites: number;
  odooRecordsCreated: number;
  passwordChecks: number;
  odooByMethod: Record<string, number>;
  /** Peak resident set size of this process during the scenario, MB (simulator threads included). */
  rssPeakMb: number;
}

export interface Sims {
  odooSim: RemoteSim;
  alibabaSim: RemoteSim;
}

export const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** Samples process RSS every `everyMs` until stopped; returns the peak in bytes. */
export function rssSampler(everyMs = 50): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

function diff(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) if (v - (before[k] ?? 0) > 0) out[k] = v - (before[k] ?? 0);
  return out;
}

export async function measure<T>(sims: Sims, fn: () => Promise<T>): Promise<{ result: T; sample: Sample }> {
  await sims.odooSim.call('resetStats');
  const before = await sims.alibabaSim.call<SimulatorStats>('stats');
  const rss = rssSampler();
  const started = performance.now();
  let result: T;
  try {
    result = await fn();
  } catch (err) {
    rss.stop();
    throw err;
  }
  const wallMs = performance.now() - started;
  const peak = rss.stop();
  const after = await sims.alibabaSim.call<SimulatorStats>('stats');
  const o = await sims.odooSim.call<OdooSimStats>('stats');
  const rejected = after.rejectedByFlowControl - before.rejectedByFlowControl;
  return {
    result,
    sample: {
      wallMs,
      gatewayCalls: after.totalCalls - before.totalCalls - rejected,
      gatewayRejected: rejected,
      gatewayByApi: diff(after.callsByApi, before.callsByApi),
      maxCallsPerSecond: after.maxCallsPerSecond,
      odooRoundTrips: o.roundTrips,
      odooWrites: o.writes.total,
      odooRecordsCreated: o.recordsCreated,
      passwordChecks: o.passwordChecks,
      odooByMethod: { ...o.byMethod },
      rssPeakMb: mb(peak),
    },
  };
}
