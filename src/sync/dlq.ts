// Dead-letter operations behind `dlq`: list with filters, look one up, requeue for replay, discard and purge.
import { z } from 'zod';
import { UsageError } from '../errors.js';
import type { DeadLetter } from '../state/dead-letters.js';
import type { Store } from '../state/store.js';

/** Kinds the flows dead-letter today; `--kind` accepts only these so a typo cannot silently match nothing. */
export const DEAD_LETTER_KINDS = ['offer', 'po', 'shipment', 'message'] as const;

/** Discard reason of a letter moved back to the queue; the letter is kept for audit. */
export const REPLAYED = 'replayed';

export interface LetterFilter {
  kind?: string | undefined;
  /** Only letters whose last failure is more than this many milliseconds ago. */
  olderThanMs?: number | undefined;
  /** Only letters whose last failure is within this many milliseconds. */
  sinceMs?: number | undefined;
  /** Discarded letters too. */
  all?: boolean | undefined;
}

export function listLetters(store: Store, filter: LetterFilter, now: Date): DeadLetter[] {
  const ago = (ms: number | undefined): Date | undefined => (ms === undefined ? undefined : new Date(now.getTime() - ms));
  return store.deadLetters.list({ kind: filter.kind, before: ago(filter.olderThanMs), since: ago(filter.sinceMs), includeDiscarded: filter.all === true });
}

/** The letter with this id, or a usage error naming it. */
export function getLetter(store: Store, id: number): DeadLetter {
  const letter = store.deadLetters.get(id);
  if (!letter) throw new UsageError(`no dead letter with id ${id}`, { hint: 'list them with `alibaba-odoo-sync dlq list --all`' });
  return letter;
}

export interface RetrySelection {
  ids: readonly number[];
  kind?: string | undefined;
  all: boolean;
}

/** The active letters a `dlq retry` means: the given ids (each must exist and be active), or every one of a kind, or all. */
export function selectForRetry(store: Store, selection: RetrySelection): DeadLetter[] {
  if (selection.ids.length > 0) {
    return [...new Set(selection.ids)].map((id) => {
      const letter = getLetter(store, id);
      if (letter.discardedAt) {
        throw new UsageError(`dead letter ${id} was already discarded ${letter.discardedAt} (${letter.discardReason ?? 'no reason'})`, {
          hint: letter.discardReason === REPLAYED ? 'it was requeued before; if it failed again, a new dead letter holds it' : undefined,
        });
      }
      return letter;
    });
  }
  return store.deadLetters.list({ kind: selection.kind });
}

/**
 * Moves letters back to the queue in one transaction: each is marked discarded ('replayed', kept for
 * audit) and becomes a fresh job (attempts reset) that the next run of its flow picks up. Flows leave
 * out only ACTIVE dead letters, so the record is no longer skipped.
 */
export function requeue(store: Store, letters: readonly DeadLetter[]): DeadLetter[] {
  return store.db.transaction(() => {
    const moved: DeadLetter[] = [];
    for (const letter of letters) {
      if (!store.deadLetters.discard(letter.id, REPLAYED)) continue;
      // A push message is replayed from the inbox it came from; the worker (serve or sync) takes it up.
      if (letter.kind === 'message' && store.inbox.reopen(letter.key)) {
        moved.push(letter);
        continue;
      }
      store.jobs.completeByKey(letter.kind, letter.key);
      store.jobs.enqueue(letter.kind, letter.key, letter.payload, letter.correlationId ? { correlationId: letter.correlationId } : {});
      moved.push(letter);
    }
    return moved;
  })();
}

/** Marks one active letter discarded with a reason; it stays in the state file for audit. */
export function discardLetter(store: Store, id: number, reason: string, dryRun = false): DeadLetter {
  const text = reason.trim();
  if (!text) throw new UsageError('--reason must not be empty: say why the record is given up');
  const letter = getLetter(store, id);
  if (letter.discardedAt) throw new UsageError(`dead letter ${id} was already discarded ${letter.discardedAt} (${letter.discardReason ?? 'no reason'})`);
  if (!dryRun) store.deadLetters.discard(id, text);
  return letter;
}

/** Deletes letters whose last failure is older than `olderThanMs`: discarded ones only, unless `includeActive`. */
export function purgeLetters(store: Store, options: { olderThanMs: number; includeActive: boolean; dryRun: boolean }, now: Date): DeadLetter[] {
  const before = new Date(now.getTime() - options.olderThanMs);
  const victims = store.deadLetters.list({ before, includeDiscarded: true }).filter((l) => options.includeActive || l.discardedAt !== null);
  if (!options.dryRun) store.db.transaction(() => victims.forEach((l) => store.deadLetters.remove(l.id)))();
  return victims;
}

const PoPayload = z.object({ poName: z.string().min(1) });

export interface ReplayPlan {
  /** Offer ids for pull-products. */
  offers: string[];
  /** Purchase order names for push-orders. */
  poNames: string[];
  /** Job key (Odoo PO id) of each purchase order name. */
  poKeys: Map<string, string>;
  /** Letters whose kind has no immediate replay; the next run of their flow picks the job up. */
  later: DeadLetter[];
  /** Letters that cannot be replayed now (payload without what the flow needs), with why. */
  unreplayable: { letter: DeadLetter; reason: string }[];
}

/** Which flow replays each requeued letter with `dlq retry --now`. */
export function replayPlan(letters: readonly DeadLetter[]): ReplayPlan {
  const plan: ReplayPlan = { offers: [], poNames: [], poKeys: new Map(), later: [], unreplayable: [] };
  for (const letter of letters) {
    if (letter.kind === 'offer') {
      if (/^\d+$/.test(letter.key)) plan.offers.push(letter.key);
      else plan.unreplayable.push({ letter, reason: `offer key ${letter.key} is not a numeric offer id` });
    } else if (letter.kind === 'po') {
      const payload = PoPayload.safeParse(letter.payload);
      if (payload.success) {
        plan.poNames.push(payload.data.poName);
        plan.poKeys.set(payload.data.poName, letter.key);
      }
      else plan.unreplayable.push({ letter, reason: 'the payload has no purchase order name' });
    } else {
      plan.later.push(letter);
    }
  }
  plan.offers = [...new Set(plan.offers)];
  plan.poNames = [...new Set(plan.poNames)];
  return plan;
}

/**
 * Purchase orders that turned out to be on 1688 already need nothing more; push-orders completes `po`
 * jobs only when it submits, so their requeued jobs are completed here.
 */
export function settleAlreadySent(store: Store, plan: ReplayPlan, poNames: readonly string[]): void {
  for (const name of poNames) {
    const key = plan.poKeys.get(name);
    if (key) store.jobs.completeByKey('po', key);
  }
}

/** The flow that picks up a requeued job of this kind on its next run (for messages to the user). */
export function flowOf(kind: string): string {
  const flows: Record<string, string> = { offer: 'pull-products', po: 'push-orders', shipment: 'pull-shipments', message: 'sync' };
  return flows[kind] ?? 'sync';
}
