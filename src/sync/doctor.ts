// `doctor`: runs a list of small checks (config, Odoo, later 1688), repairs what it can as an administrator, checks again.
import type { Config } from '../config/schema.js';
import { describeError } from '../errors.js';
import type { OdooClient } from '../odoo/client.js';
import { applyRepairs, type Repair } from './doctor/fix.js';
import { odooChecks } from './doctor/odoo-checks.js';

export type { Repair } from './doctor/fix.js';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

/** What one check found; `fix` tells the user what to do, `repair` is what `--fix` can do itself. */
export interface CheckOutcome {
  status: CheckStatus;
  detail: string;
  fix?: string | undefined;
  repair?: Repair | undefined;
}

export interface CheckResult extends CheckOutcome {
  id: string;
  title: string;
}

/** What the checks may use; each getter builds its object on first use. */
export interface DoctorEnv {
  /** The validated config; throws ConfigError when it is not valid. */
  config: () => Readonly<Config>;
  odoo: () => OdooClient;
  now: () => Date;
}

/** Shared by the checks of one pass: the environment plus a memo so checks share round trips. */
export class CheckContext {
  private readonly memos = new Map<string, Promise<unknown>>();
  constructor(readonly env: DoctorEnv) {}

  memo<T>(key: string, fn: () => Promise<T>): Promise<T> {
    let found = this.memos.get(key) as Promise<T> | undefined;
    if (!found) {
      found = fn();
      this.memos.set(key, found);
    }
    return found;
  }
}

export interface Check {
  id: string;
  title: string;
  /** Ids of checks that must pass (or warn) first; otherwise this one is skipped. */
  requires?: readonly string[];
  run: (ctx: CheckContext) => Promise<CheckOutcome>;
}

export const configCheck: Check = {
  id: 'config',
  title: 'configuration is valid',
  run: (ctx) => {
    ctx.env.config();
    return Promise.resolve({ status: 'pass', detail: 'valid' });
  },
};

/** Every check `doctor` runs, in order; other areas (1688) append theirs. */
export const defaultChecks: Check[] = [configCheck, ...odooChecks];

/** Runs the checks in order; an exception in a check is that check's failure, with its hint as the fix. */
export async function runChecks(checks: readonly Check[], env: DoctorEnv): Promise<CheckResult[]> {
  const ctx = new CheckContext(env);
  const results: CheckResult[] = [];
  const ok = new Set<string>();
  for (const check of checks) {
    const blocked = (check.requires ?? []).filter((id) => !ok.has(id));
    let outcome: CheckOutcome;
    if (blocked.length > 0) {
      outcome = { status: 'skip', detail: `skipped: ${blocked.join(', ')} did not pass` };
    } else {
      try {
        outcome = await check.run(ctx);
      } catch (err) {
        outcome = failureOf(err);
      }
    }
    if (outcome.status === 'pass' || outcome.status === 'warn') ok.add(check.id);
    results.push({ id: check.id, title: check.title, ...outcome });
  }
  return results;
}

function failureOf(err: unknown): CheckOutcome {
  const problems = (err as { problems?: unknown }).problems;
  const detail = Array.isArray(problems) && problems.length > 1 ? problems.map(String).join('; ') : describeError(err);
  const hint = (err as { hint?: unknown }).hint;
  return { status: 'fail', detail, fix: typeof hint === 'string' ? hint : undefined };
}

export interface DoctorReport {
  ok: boolean;
  checks: CheckResult[];
  /** What `--fix` changed (empty without --fix). */
  fixed: string[];
  /** Why `--fix` could not run, when it could not. */
  fixSkipped?: string | undefined;
  /** The first pass, when `--fix` changed something and the checks ran again. */
  before?: CheckResult[] | undefined;
}

export interface DoctorOptions {
  checks?: readonly Check[] | undefined;
  /** Present with `--fix`: builds the administrator client, or explains why there is none. */
  fix?: { admin: (() => OdooClient) | undefined; missingAdmin: string } | undefined;
}

export async function runDoctor(env: DoctorEnv, options: DoctorOptions = {}): Promise<DoctorReport> {
  const checks = options.checks ?? defaultChecks;
  const first = await runChecks(checks, env);
  const repairs = first.filter((r) => r.status === 'fail' && r.repair).map((r) => r.repair!);
  if (!options.fix || repairs.length === 0) return report(first, []);
  if (!options.fix.admin) return { ...report(first, []), fixSkipped: options.fix.missingAdmin };
  const fixed = await applyRepairs(options.fix.admin(), repairs);
  env.odoo().clearCache();
  return { ...report(await runChecks(checks, env), fixed), before: first };
}

function report(checks: CheckResult[], fixed: string[]): DoctorReport {
  return { ok: checks.every((c) => c.status !== 'fail'), checks, fixed };
}
