// `dlq list / show / retry / discard / purge`: inspect dead letters, replay them, give them up, clean up old ones.
import { existsSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { Duration } from '../../config/schema.js';
import { ExitCode, UsageError } from '../../errors.js';
import type { DeadLetter } from '../../state/dead-letters.js';
import type { Store } from '../../state/store.js';
import { DEAD_LETTER_KINDS, discardLetter, flowOf, getLetter, listLetters, purgeLetters, replayPlan, requeue, selectForRetry, settleAlreadySent } from '../../sync/dlq.js';
import { pullProducts } from '../../sync/products.js';
import { pushOrders } from '../../sync/orders.js';
import type { AppContext } from '../context.js';
import { formatRelative, type Output } from '../output.js';
import { recordRemoteMetrics } from '../remote-metrics.js';
import { trackedRun } from '../run.js';
import type { Session } from '../session.js';
import { pullProductsDeps } from './pull-products.js';
import { pushOrdersDeps } from './push-orders.js';

const duration = (flag: string) => (value: string): number => {
  const parsed = Duration.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(`${flag} ${value}: expected a duration such as 30m, 12h or 7d`);
  return parsed.data;
};
const kindOption = (): Option => new Option('--kind <kind>', 'only dead letters of this kind').choices(DEAD_LETTER_KINDS);
const example = (...lines: string[]): string => `\nExamples:\n${lines.map((l) => `  $ alibaba-odoo-sync dlq ${l}`).join('\n')}\n`;

function parseIds(args: readonly string[]): number[] {
  return args.flatMap((a) => a.split(/\s+/)).filter(Boolean).map((a) => {
    if (!/^\d+$/.test(a) || Number(a) < 1) throw new UsageError(`${a}: expected a dead letter id (a positive number, see \`dlq list\`)`);
    return Number(a);
  });
}

/** The state store when the file exists; dlq never creates one (there is nothing to inspect yet). */
function existingStore(ctx: AppContext): Store | undefined {
  return existsSync(ctx.statePath()) ? ctx.store() : undefined;
}

function needStore(ctx: AppContext, id: number): Store {
  const store = existingStore(ctx);
  if (!store) throw new UsageError(`no dead letter with id ${id}: there is no state file at ${ctx.statePath()} yet`);
  return store;
}

const shortError = (l: DeadLetter, max = 60): string => {
  const line = `${l.errorCode ? `[${l.errorCode}] ` : ''}${l.errorMessage.split('\n')[0] ?? ''}`;
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};
const when = (iso: string, now: Date): string => `${formatRelative(iso, now)}\n${iso}`;

export function dlqCommand(session: Session): Command {
  const dlq = new Command('dlq').description('inspect, replay and clean up dead letters (records that failed permanently)');

  dlq
    .command('list')
    .description('list active dead letters, newest failures last')
    .addOption(kindOption())
    .option('--older-than <duration>', 'only letters whose last failure is older than this (e.g. 7d)', duration('--older-than'))
    .option('--since <duration>', 'only letters whose last failure is within this (e.g. 12h)', duration('--since'))
    .option('--all', 'include discarded letters (marked)')
    .addHelpText('after', example('list', 'list --kind offer --older-than 7d', 'list --all --json'))
    .action(
      session.action<{ kind?: string; olderThan?: number; since?: number; all?: boolean }>(async (ctx, opts) => {
        const now = new Date();
        const store = existingStore(ctx);
        const letters = store ? listLetters(store, { kind: opts.kind, olderThanMs: opts.olderThan, sinceMs: opts.since, all: opts.all }, now) : [];
        const masked = ctx.redactor.value(letters) as DeadLetter[];
        const out = ctx.output();
        if (out.json) out.printJson(masked.map(({ errorContext: _context, ...rest }) => rest));
        else printList(out, masked, opts.all === true, now);
        return Promise.resolve(ExitCode.Ok);
      }),
    );

  dlq
    .command('show')
    .description('show one dead letter in full: payload, error, context and hint (secrets masked)')
    .argument('<id>', 'dead letter id (see `dlq list`)')
    .addHelpText('after', example('show 12', 'show 12 --json'))
    .action(
      session.action(async (ctx, _opts, args) => {
        const [id] = parseIds(args);
        const letter = ctx.redactor.value(getLetter(needStore(ctx, id!), id!)) as DeadLetter;
        const out = ctx.output();
        if (out.json) out.printJson(letter);
        else printLetter(out, letter, new Date());
        return Promise.resolve(ExitCode.Ok);
      }),
    );

  const retry = dlq
    .command('retry')
    .description('move dead letters back to the queue (kept, marked replayed) so the next run picks them up')
    .argument('[id...]', 'dead letter ids')
    .addOption(kindOption())
    .option('--all', 'every active dead letter (of --kind, when given)')
    .option('--now', 'replay them at once: offers through pull-products, purchase orders through push-orders')
    .addHelpText('after', example('retry 12 14', 'retry --kind offer --now', 'retry --all --dry-run'));
  retry.action(
    session.action<{ kind?: string; all?: boolean; now?: boolean }>(async (ctx, opts, args) => {
      const ids = parseIds(args);
      const usage = { hint: `usage: alibaba-odoo-sync dlq ${retry.name()} ${retry.usage()} (see --help)` };
      if (ids.length === 0 && !opts.kind && !opts.all) throw new UsageError('say which dead letters to retry: ids, --kind or --all', usage);
      if (ids.length > 0 && (opts.kind || opts.all)) throw new UsageError('give dead letter ids, or --kind/--all, not both', usage);
      const store = ids.length > 0 ? needStore(ctx, ids[0]!) : existingStore(ctx);
      const letters = store ? selectForRetry(store, { ids, kind: opts.kind, all: opts.all === true }) : [];
      const out = ctx.output();
      if (ctx.options.dryRun || letters.length === 0) {
        if (out.json) out.printJson({ requeued: [], wouldRequeue: letters.map(brief), dryRun: ctx.options.dryRun });
        else if (letters.length === 0) out.line('No active dead letters to retry.');
        else out.table(['id', 'kind', 'key', 'picked up by'], letters.map((l) => [l.id, l.kind, l.key, flowOf(l.kind)]), 'Dry run: would requeue');
        return ExitCode.Ok;
      }
      const moved = requeue(store!, letters);
      if (!out.json) {
        out.table(['id', 'kind', 'key', 'picked up by'], moved.map((l) => [l.id, l.kind, l.key, flowOf(l.kind)]), `Requeued ${moved.length} dead letter(s)`);
        if (!opts.now) out.line('The next run of each flow picks them up; or replay at once with `dlq retry --now`.');
      }
      const replay = opts.now ? await replayNow(ctx, moved) : undefined;
      if (out.json) out.printJson(ctx.redactor.value({ requeued: moved.map(brief), ...(replay ? { replayed: replay.report } : {}), dryRun: false }));
      return replay?.exit ?? ExitCode.Ok;
    }),
  );

  dlq
    .command('discard')
    .description('give up on a dead letter: marked discarded with a reason, kept for audit')
    .argument('<id>', 'dead letter id (see `dlq list`)')
    .requiredOption('--reason <text>', 'why it is given up (kept with the letter)')
    .addHelpText('after', example('discard 12 --reason "offer withdrawn by the supplier"'))
    .action(
      session.action<{ reason: string }>(async (ctx, opts, args) => {
        const [id] = parseIds(args);
        const letter = discardLetter(needStore(ctx, id!), id!, opts.reason, ctx.options.dryRun);
        const out = ctx.output();
        if (out.json) out.printJson({ discarded: brief(letter), reason: opts.reason.trim(), dryRun: ctx.options.dryRun });
        else out.line(`${ctx.options.dryRun ? 'Would discard' : 'Discarded'} dead letter ${id} (${letter.kind} ${letter.key}); kept for audit (\`dlq list --all\`).`);
        return Promise.resolve(ExitCode.Ok);
      }),
    );

  dlq
    .command('purge')
    .description('delete dead letters whose last failure is older than a duration; by default only discarded ones')
    .requiredOption('--older-than <duration>', 'last failure older than this (e.g. 90d)', duration('--older-than'))
    .option('--include-active', 'also delete active (not discarded) letters: those records are then never replayed')
    .addHelpText('after', `${example('purge --older-than 90d', 'purge --older-than 30d --dry-run', 'purge --older-than 180d --include-active')}\nOnly discarded (given up or replayed) letters are deleted unless --include-active is given.\n`)
    .action(
      session.action<{ olderThan: number; includeActive?: boolean }>(async (ctx, opts) => {
        const store = existingStore(ctx);
        const dryRun = ctx.options.dryRun;
        const gone = store ? purgeLetters(store, { olderThanMs: opts.olderThan, includeActive: opts.includeActive === true, dryRun }, new Date()) : [];
        const out = ctx.output();
        if (out.json) out.printJson({ [dryRun ? 'wouldDelete' : 'deleted']: gone.length, letters: gone.map(brief), dryRun });
        else {
          if (dryRun && gone.length > 0) out.table(['id', 'kind', 'key', 'last failure', 'state'], gone.map((l) => [l.id, l.kind, l.key, l.lastFailedAt, l.discardedAt ? `discarded (${l.discardReason ?? ''})` : 'active']), 'Dry run: would delete');
          out.important(`${dryRun ? 'Would delete' : 'Deleted'} ${gone.length} dead letter(s).`);
        }
        return Promise.resolve(ExitCode.Ok);
      }),
    );
  return dlq;
}

const brief = (l: DeadLetter): { id: number; kind: string; key: string; flow: string } => ({ id: l.id, kind: l.kind, key: l.key, flow: flowOf(l.kind) });

/** Runs the flows for requeued letters now, under the same leases their commands take. */
async function replayNow(ctx: AppContext, moved: readonly DeadLetter[]): Promise<{ exit: ExitCode; report: Record<string, unknown> }> {
  const plan = replayPlan(moved);
  const out = ctx.output();
  const report: Record<string, unknown> = {};
  let exit: ExitCode = ExitCode.Ok;
  if (plan.offers.length > 0) {
    exit = await trackedRun(ctx, 'dlq-retry', ['products'], async (run) => {
      try {
        const r = await pullProducts(pullProductsDeps(ctx, run), { offers: plan.offers, full: false, dryRun: false });
        report.offers = r.offers;
        if (!out.json) out.table(['offer', 'result', 'variants', 'detail'], r.offers.map((o) => [o.offerId, o.action, o.variants, o.detail ?? '']), 'Replayed offers (pull-products)');
        return r.counts.deadLettered > 0 ? ExitCode.RecordsFailed : ExitCode.Ok;
      } finally {
        recordRemoteMetrics(ctx, run);
      }
    });
  }
  if (plan.poNames.length > 0) {
    const code = await trackedRun(ctx, 'dlq-retry', ['orders'], async (run) => {
      try {
        const r = await pushOrders(pushOrdersDeps(ctx, run), { poNames: plan.poNames, dryRun: false });
        settleAlreadySent(ctx.store(), plan, r.orders.filter((o) => o.action === 'already').map((o) => o.po));
        const missing = plan.poNames.filter((n) => !r.orders.some((o) => o.po === n));
        report.orders = [...r.orders.map(({ payload: _payload, ...o }) => o), ...missing.map((po) => ({ po, action: 'missing', detail: 'not found in Odoo' }))];
        if (!out.json) out.table(['purchase order', 'result', '1688 order', 'detail'], (report.orders as { po: string; action: string; orderId?: string; detail?: string }[]).map((o) => [o.po, o.action, o.orderId ?? '', o.detail ?? '']), 'Replayed purchase orders (push-orders)');
        return r.counts.deadLettered > 0 ? ExitCode.RecordsFailed : ExitCode.Ok;
      } finally {
        recordRemoteMetrics(ctx, run);
      }
    });
    if (code !== ExitCode.Ok) exit = code;
  }
  report.later = plan.later.map(brief);
  report.unreplayable = plan.unreplayable.map((u) => ({ ...brief(u.letter), reason: u.reason }));
  if (out.json) return { exit, report };
  for (const u of plan.unreplayable) out.important(`dead letter ${u.letter.id} (${u.letter.kind} ${u.letter.key}) is queued but cannot be replayed now: ${u.reason}`);
  for (const l of plan.later) out.line(`dead letter ${l.id} (${l.kind} ${l.key}): no immediate replay for this kind; the next \`${flowOf(l.kind)}\` run picks it up`);
  return { exit, report };
}

function printList(out: Output, letters: readonly DeadLetter[], all: boolean, now: Date): void {
  if (letters.length === 0) {
    out.line(all ? 'No dead letters.' : 'No active dead letters.');
    return;
  }
  const head = ['id', 'kind', 'key', 'attempts', 'first failure', 'last failure', 'error', ...(all ? ['state'] : [])];
  const rows = letters.map((l) => [l.id, l.kind, l.key, l.attempts, when(l.firstFailedAt, now), when(l.lastFailedAt, now), shortError(l), ...(all ? [l.discardedAt ? `discarded: ${l.discardReason ?? ''}` : 'active'] : [])]);
  out.table(head, rows);
  out.line(`${letters.length} dead letter(s). Details: \`dlq show ID\`; replay: \`dlq retry ID\`; give up: \`dlq discard ID --reason ...\``);
}

function printLetter(out: Output, l: DeadLetter, now: Date): void {
  const hint = typeof l.errorContext?.hint === 'string' ? l.errorContext.hint : undefined;
  const rows: [string, string][] = [
    ['state', l.discardedAt ? `discarded ${formatRelative(l.discardedAt, now)} (${l.discardedAt}): ${l.discardReason ?? ''}` : 'active'],
    ['kind', l.kind],
    ['key', l.key],
    ['attempts', String(l.attempts)],
    ['first failure', `${formatRelative(l.firstFailedAt, now)} (${l.firstFailedAt})`],
    ['last failure', `${formatRelative(l.lastFailedAt, now)} (${l.lastFailedAt})`],
    ['correlation id', l.correlationId ?? '-'],
    ['error code', l.errorCode ?? '-'],
    ['error', l.errorMessage],
    ...(hint ? [['hint', hint] as [string, string]] : []),
  ];
  out.important(`Dead letter ${l.id}`);
  for (const [k, v] of rows) out.important(`  ${`${k}:`.padEnd(16)}${v}`);
  out.important(`  payload:\n${indent(JSON.stringify(l.payload, null, 2))}`);
  out.important(`  error context:\n${indent(JSON.stringify(l.errorContext ?? {}, null, 2))}`);
  if (!l.discardedAt) out.important(`\nReplay: alibaba-odoo-sync dlq retry ${l.id} [--now]; give up: alibaba-odoo-sync dlq discard ${l.id} --reason "..."`);
}

const indent = (text: string): string => text.replace(/^/gm, '    ');
