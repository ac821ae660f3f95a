// Exactly once toward 1688: outbox row committed before the call; an unknown outcome is looked up before any resend.
import type { CreateOrderInput, CreateOrderResult } from '../../alibaba/api/orders.js';
import { AlibabaApiError, RecordError, RemoteUnavailableError } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import type { OutboxEntry } from '../../state/outbox.js';
import type { Store } from '../../state/store.js';
import type { FailpointHook } from '../failpoints.js';

export interface FoundOrder {
  orderId: string;
  status: string;
  totalYuan: number | undefined;
}

export interface OrderApi {
  createOrder(input: CreateOrderInput): Promise<CreateOrderResult>;
  findByOutOrderId(outOrderId: string): Promise<FoundOrder | undefined>;
}

export type SubmitOutcome =
  | { kind: 'submitted'; orderId: string; result: CreateOrderResult | undefined; recovered: boolean }
  | { kind: 'refused'; reasons: string[]; result: CreateOrderResult }
  /** The outcome is unknown and the order was not found yet: left `submitting` for a later run. */
  | { kind: 'pending'; reason: string };

export interface SubmitContext {
  store: Store;
  api: OrderApi;
  logger: Logger;
  /** How long a `submitting` row must rest before "not found" is trusted enough to send again. */
  settleMs: number;
  now?: () => Date;
  failpoint?: FailpointHook | undefined;
}

/** An order id found for an unknown outcome, or one the platform gave, is recorded before anything else. */
function recordSubmitted(ctx: SubmitContext, entry: OutboxEntry, orderId: string): void {
  ctx.store.db.transaction(() => {
    ctx.store.outbox.transition(entry.id, ['pending', 'submitting', 'failed', 'submitted'], 'submitted', { alibabaOrderId: orderId, lastError: null });
    ctx.store.links.upsert([{ kind: 'order', externalId: orderId, odooId: entry.poId, hash: null, extra: { outOrderId: entry.outOrderId, poName: entry.poName } }]);
  })();
}

/**
 * Submits the order of one outbox row at most once. A row left `submitting` by an earlier attempt
 * (timeout, dropped answer, crash) is first looked up by outOrderId; only when the order does not
 * exist, and the row has rested `settleMs`, is it sent again.
 */
export async function submitOnce(ctx: SubmitContext, entry: OutboxEntry, input: CreateOrderInput): Promise<SubmitOutcome> {
  const log = ctx.logger.child({ po: entry.poName, outOrderId: entry.outOrderId });
  const now = ctx.now ?? (() => new Date());
  if (entry.state === 'submitted' && entry.alibabaOrderId) {
    return { kind: 'submitted', orderId: entry.alibabaOrderId, result: undefined, recovered: true };
  }
  if (entry.state === 'submitting') {
    const found = await ctx.api.findByOutOrderId(entry.outOrderId);
    if (found) {
      log.info('an earlier submission had reached 1688; recording its order', { orderId: found.orderId });
      recordSubmitted(ctx, entry, found.orderId);
      return { kind: 'submitted', orderId: found.orderId, result: undefined, recovered: true };
    }
    const rested = now().getTime() - new Date(entry.updatedAt).getTime();
    if (rested < ctx.settleMs) {
      return { kind: 'pending', reason: `an earlier submission's outcome is unknown and 1688 does not list it yet; checked again after ${Math.ceil(ctx.settleMs / 1000)}s` };
    }
    log.info('an earlier submission did not reach 1688; sending it again');
  }
  // Commit `submitting` before the call: a crash from here on leaves a row that is looked up, never blindly resent.
  const claimed = ctx.store.outbox.transition(entry.id, entry.state === 'submitting' ? ['submitting'] : ['pending', 'failed'], 'submitting', {
    countAttempt: true,
    payload: input,
  });
  if (!claimed) return { kind: 'pending', reason: 'another run is submitting this purchase order' };
  ctx.failpoint?.('after-claim');
  let result: CreateOrderResult;
  try {
    result = await ctx.api.createOrder(input);
    ctx.failpoint?.('after-create');
  } catch (err) {
    if (err instanceof AlibabaApiError && !err.retryable && err.platformCode !== 'unknown_outcome' && err.httpStatus !== undefined && err.httpStatus < 500) {
      // The gateway refused the request itself (bad parameters, ACL): nothing was created.
      ctx.store.outbox.transition(entry.id, ['submitting'], 'failed', { lastError: err.message });
      throw err;
    }
    ctx.store.outbox.transition(entry.id, ['submitting'], 'submitting', { lastError: err instanceof Error ? err.message : String(err) });
    log.warn('the order submission has an unknown outcome; looking it up', { error: err });
    const found = await lookupQuietly(ctx, entry.outOrderId, log);
    if (found) {
      recordSubmitted(ctx, entry, found.orderId);
      return { kind: 'submitted', orderId: found.orderId, result: undefined, recovered: true };
    }
    if (err instanceof RemoteUnavailableError || err instanceof AlibabaApiError) {
      return { kind: 'pending', reason: `submission outcome unknown (${err.message}); looked up again on the next run` };
    }
    throw err;
  }
  if (result.orderId) {
    recordSubmitted(ctx, entry, result.orderId);
    ctx.failpoint?.('after-record');
    return { kind: 'submitted', orderId: result.orderId, result, recovered: false };
  }
  const reasons = refusalReasons(result);
  ctx.store.outbox.transition(entry.id, ['submitting'], 'failed', { lastError: reasons.join('; ') });
  return { kind: 'refused', reasons, result };
}

async function lookupQuietly(ctx: SubmitContext, outOrderId: string, log: Logger): Promise<FoundOrder | undefined> {
  try {
    return await ctx.api.findByOutOrderId(outOrderId);
  } catch (err) {
    log.warn('could not look the order up; it stays pending', { error: err });
    return undefined;
  }
}

/** The platform's refusal in plain words, one reason per failed offer. */
export function refusalReasons(result: CreateOrderResult): string[] {
  const reasons = result.failedOfferList.map(
    (f) => `offer ${f.offerId}${f.specId ? ` (spec ${f.specId})` : ''}: ${f.errorMessage ?? f.errorCode ?? 'refused'}`,
  );
  if (reasons.length === 0) reasons.push(`${result.message ?? 'refused'}${result.code ? ` (code ${result.code})` : ''}`);
  return reasons;
}

export function refusalError(poName: string, reasons: readonly string[]): RecordError {
  return new RecordError(poName, `1688 refused the order for ${poName}: ${reasons.join('; ')}`, {
    hint: 'fix the purchase order (quantities, products) and replay it with `alibaba-odoo-sync dlq retry`',
  });
}
