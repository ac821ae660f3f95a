// The chaos run: faults on both remotes, CLI runs SIGKILLed at seeded moments, overlapping runs, then quiet runs and the checks.
import type { ChildRun } from './child.js';
import { checkInvariants, type Findings } from './checks.js';
import { createPrng } from './prng.js';
import { startScenario, type Scenario } from './scenario.js';

export interface ChaosOptions {
  seed: number;
  /** Generated 1688 offers (the simulator adds its documented sample offers). */
  offers: number;
  /** Purchase orders confirmed in Odoo during the run. */
  pos: number;
  /** pull-products runs under faults before any order exists. */
  productRuns: number;
  /** Runs of sync --force, push-orders, pull-shipments and pull-products under faults, once orders exist. */
  chaoticRuns: number;
  /** `sync --force` processes started at once. */
  overlap: number;
  killChance: number;
  /** Kill delays are drawn from [50, killMaxMs] ms. */
  killMaxMs: number;
  maxQuietRuns: number;
}

export const FULL: ChaosOptions = { seed: 1688, offers: 30, pos: 40, productRuns: 6, chaoticRuns: 24, overlap: 5, killChance: 0.6, killMaxMs: 2_500, maxQuietRuns: 8 };
export const CI: ChaosOptions = { seed: 11, offers: 8, pos: 8, productRuns: 3, chaoticRuns: 8, overlap: 4, killChance: 0.6, killMaxMs: 1_500, maxQuietRuns: 6 };

export interface ChaosReport {
  options: ChaosOptions;
  durationMs: number;
  runs: number;
  kills: number;
  exitCodes: Record<string, number>;
  faults: { alibaba: Record<string, number>; odoo: Record<string, number>; total: number };
  overlap: { codes: number[]; lockedMessages: number };
  quiet: { reached: boolean; runs: number };
  findings: Findings;
}

const SYNC_COUNTS = /(\d+) (created|updated|submitted|pending|failed)\b/g;

/** A `sync --force --json` run that found nothing to create, update, submit or retry. */
export function isQuiet(run: ChildRun): boolean {
  if (run.code !== 0) return false;
  try {
    const parsed = JSON.parse(run.stdout) as { parts: { result: string; summary: string }[] };
    return parsed.parts.every((p) => (p.result === 'ok' || p.result === 'skipped') && [...p.summary.matchAll(SYNC_COUNTS)].every((m) => m[1] === '0'));
  } catch {
    return false;
  }
}

export async function runChaos(dir: string, options: ChaosOptions, log: (line: string) => void = () => {}): Promise<ChaosReport> {
  const started = performance.now();
  const prng = createPrng(options.seed);
  const sc = await startScenario(dir, { offers: options.offers, seed: options.seed });
  const runs: ChildRun[] = [];
  const run = async (args: string[], killable: boolean): Promise<ChildRun> => {
    const killAfter = killable && prng.chance(options.killChance) ? prng.int(50, options.killMaxMs) : undefined;
    const r = await sc.cli(args, killAfter);
    runs.push(r);
    log(`${args.join(' ').padEnd(28)} ${r.killed ? `killed after ${killAfter ?? '?'} ms` : `exit ${r.code}`} (${r.ms} ms)`);
    if (!r.killed && r.code === 1) log(`  internal error: ${r.stderr.slice(-2_000)}`);
    if (!r.killed && r.code !== 0 && r.code !== 1) log(`  ${lastError(r.stderr)}`);
    return r;
  };
  const quiet = async (only: string[]): Promise<{ reached: boolean; runs: number }> => {
    for (let i = 1; i <= options.maxQuietRuns; i += 1) {
      if (isQuiet(await run(['sync', '--force', '--json', ...only], false))) return { reached: true, runs: i };
    }
    return { reached: false, runs: options.maxQuietRuns };
  };
  try {
    log('phase 1: products under faults, with kills');
    sc.faults(true);
    for (let i = 0; i < options.productRuns; i += 1) await run(['pull-products'], true);
    sc.faults(false);
    await quiet(['--only', 'products']);

    log('phase 2: orders, shipments and price changes under faults, with kills');
    sc.confirmPos(Math.ceil(options.pos / 2), prng);
    sc.faults(true);
    const commands = [['sync', '--force'], ['sync', '--force'], ['push-orders'], ['pull-shipments'], ['pull-products'], ['pull-products', '--stock-only']];
    for (let i = 0; i < options.chaoticRuns; i += 1) {
      await run(commands[prng.int(0, commands.length - 1)]!, true);
      const left = options.pos - sc.pos.length;
      if (left > 0) sc.confirmPos(Math.min(left, Math.ceil(options.pos / options.chaoticRuns) * 2), prng);
      sc.ship(0.4, prng);
      if (prng.chance(0.3)) sc.repriceOne(prng);
      if (prng.chance(0.3)) sc.restockOne(prng);
    }

    log(`phase 3: ${options.overlap} overlapping sync runs`);
    sc.sims.odoo.cost.latencyMs = 20;
    const overlapping = await Promise.all(Array.from({ length: options.overlap }, () => sc.cli(['sync', '--force', '--quiet'])));
    sc.sims.odoo.cost.latencyMs = 0;
    runs.push(...overlapping);
    const overlap = { codes: overlapping.map((r) => r.code).sort(), lockedMessages: overlapping.filter((r) => r.code === 7 && r.stderr.includes('another run holds the')).length };
    log(`  exit codes ${overlap.codes.join(', ')}`);

    log('phase 4: everything shipped, faults off, runs until one changes nothing');
    if (sc.pos.length < options.pos) sc.confirmPos(options.pos - sc.pos.length, prng);
    sc.faults(false);
    const settled = await quiet([]);
    sc.ship(1, prng);
    const final = await quiet([]);
    return report(sc, options, runs, overlap, { reached: settled.reached && final.reached, runs: settled.runs + final.runs }, started);
  } finally {
    await sc.close();
  }
}

/** The last error line a run logged (JSON lines), for the log. */
function lastError(stderr: string): string {
  const lines = stderr.trim().split('\n').filter((l) => l.includes('"error"') || l.includes('error'));
  const last = lines.at(-1) ?? '';
  try {
    return (JSON.parse(last) as { msg?: string }).msg ?? last;
  } catch {
    return last.slice(0, 300);
  }
}

function report(sc: Scenario, options: ChaosOptions, runs: ChildRun[], overlap: ChaosReport['overlap'], quiet: ChaosReport['quiet'], started: number): ChaosReport {
  const alibaba = { ...sc.sims.alibaba.stats.faultsInjected } as Record<string, number>;
  const odoo = { ...sc.sims.odoo.faults.injected } as Record<string, number>;
  const exitCodes: Record<string, number> = {};
  for (const r of runs) {
    const key = r.killed ? 'killed' : String(r.code);
    exitCodes[key] = (exitCodes[key] ?? 0) + 1;
  }
  const total = [...Object.values(alibaba), ...Object.values(odoo)].reduce((a, b) => a + b, 0);
  return {
    options,
    durationMs: Math.round(performance.now() - started),
    runs: runs.length,
    kills: runs.filter((r) => r.killed).length,
    exitCodes,
    faults: { alibaba, odoo, total },
    overlap,
    quiet,
    findings: checkInvariants(sc),
  };
}
