// `status`: last runs, cursors, queue depth, dead letters, token expiry and leases, as tables or JSON.
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { ExitCode } from '../../errors.js';
import { collectStatus, emptyStatus, type StatusReport } from '../../sync/status.js';
import type { Output } from '../output.js';
import { formatDuration, formatRelative } from '../output.js';
import type { Session } from '../session.js';

export function statusCommand(session: Session): Command {
  return new Command('status')
    .description('show last runs, cursors, queue depth, dead letters and token expiry')
    .addHelpText('after', '\nExamples:\n  $ alibaba-odoo-sync status\n  $ alibaba-odoo-sync status --json --state /var/lib/alibaba-odoo-sync/state.sqlite\n')
    .action(
      session.action(async (ctx) => {
        const file = ctx.statePath();
        const report = existsSync(file) ? collectStatus(ctx.store()) : emptyStatus(file);
        const out = ctx.output();
        if (out.json) out.printJson(report);
        else printStatus(out, report);
        return Promise.resolve(ExitCode.Ok);
      }),
    );
}

function printStatus(out: Output, r: StatusReport): void {
  out.line(`State file: ${r.stateFile}`);
  if (r.nothingRunYet) {
    out.line('Nothing has run yet.');
  } else {
    out.table(
      ['command', 'outcome', 'started', 'duration', 'metrics'],
      r.lastRuns.map((run) => [
        run.command,
        paintOutcome(out, run.outcome ?? 'unknown'),
        formatRelative(run.startedAt),
        run.durationMs === null ? 'running' : formatDuration(run.durationMs),
        [run.summary, run.error].filter(Boolean).join(' | '),
      ]),
      'Last runs',
    );
  }
  for (const a of r.alertsFiring) out.line(out.color.red(`Alert firing since ${formatRelative(a.since)}: ${a.summary}`));
  if (r.cursors.length > 0) {
    out.table(['stream', 'cursor', 'updated'], r.cursors.map((c) => [c.stream, c.value, formatRelative(c.updatedAt)]), 'Cursors');
  }
  const jobs = Object.entries(r.queue.jobs).map(([k, v]) => `${k} ${v}`).join(', ') || 'empty';
  const outbox = Object.entries(r.queue.outbox).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${v}`).join(', ') || 'empty';
  out.line(`Queue: ${jobs}; outbox: ${outbox}; inbox pending: ${r.queue.inboxPending}`);
  out.line(`Dead letters: ${r.deadLetters}${r.deadLetters > 0 ? ' (see `alibaba-odoo-sync dlq list`)' : ''}`);
  const s = r.supplierStock;
  if (s.variants > 0) {
    const owed = s.owed > 0 ? `, ${s.owed} not yet posted or alerted (retried by the next run)` : '';
    out.line(`Supplier stock: ${s.variants} variants; ${s.open} condition(s) hold${s.open > 0 ? ' (see `alibaba-odoo-sync reconcile`)' : ''}${owed}`);
  }
  if (r.tokens.length === 0) out.line('1688 token: none stored (run `alibaba-odoo-sync auth login`)');
  for (const t of r.tokens) {
    const access = t.accessExpired ? out.color.yellow('expired') : `expires ${formatRelative(t.accessExpiresAt)}`;
    const refresh = t.refreshExpiresAt ? `refresh token expires ${formatRelative(t.refreshExpiresAt)}` : 'no refresh token';
    out.line(`${t.provider} token: ${access}; ${t.refreshExpiresSoon ? out.color.yellow(refresh) : refresh}`);
  }
  for (const l of r.locks) out.line(`Lease held: ${l.name} by pid ${l.holderPid} on ${l.holderHost} until ${l.expiresAt}`);
}

function paintOutcome(out: Output, outcome: string): string {
  if (outcome === 'ok') return out.color.green(outcome);
  if (outcome === 'partial') return out.color.yellow(outcome);
  if (outcome === 'running') return out.color.cyan(outcome);
  return out.color.red(outcome);
}
