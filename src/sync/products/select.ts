// Which offers pull-products works on: --offer, or tracked + linked + queued retries + product push messages.
import { parsePushData, PushMessage } from '../../alibaba/schemas.js';
import type { Logger } from '../../log/logger.js';
import type { Store } from '../../state/store.js';
import { INVENTORY_TOPIC } from '../webhooks/work.js';

export interface OfferSelection {
  offerIds: string[];
  /** Why each offer is in the run (for logs and --dry-run). */
  reasons: Map<string, string>;
  /** Offers left out because they sit in the dead letters (replay them with `dlq retry`). */
  deadLettered: string[];
}

/**
 * Product push messages waiting in the inbox become `offer` jobs (one transaction), so nothing
 * received is lost even if this run stops half-way. Inventory messages are left to the inbox worker,
 * which writes their stock alone (an offer job would re-read and rewrite the whole product).
 */
export function queueProductMessages(store: Store, logger: Logger): number {
  let queued = 0;
  const messages = store.inbox.pending(10_000).filter((m) => m.type.startsWith('PRODUCT_') && m.type !== INVENTORY_TOPIC);
  store.db.transaction(() => {
    for (const m of messages) {
      const parsed = PushMessage.safeParse(m.payload);
      const data = parsed.success ? parsePushDataSafe(parsed.data.type, parsed.data.data) : undefined;
      for (const offerId of data ?? []) {
        store.jobs.enqueue('offer', offerId, { offerId, msgId: m.msgId });
        queued += 1;
      }
      if (!data) logger.warn('a product push message could not be read; marked processed', { msgId: m.msgId });
      store.inbox.markProcessed(m.msgId);
    }
  })();
  return queued;
}

function parsePushDataSafe(type: string, data: unknown): string[] | undefined {
  try {
    const parsed = parsePushData(type, data);
    if (parsed.kind === 'productChange') return parsed.data.productIds;
    return undefined;
  } catch {
    return undefined;
  }
}

export function selectOffers(store: Store, options: { explicit: readonly string[]; tracked: readonly string[] }): OfferSelection {
  const reasons = new Map<string, string>();
  const add = (id: string, why: string): void => {
    if (!reasons.has(id)) reasons.set(id, why);
  };
  if (options.explicit.length > 0) {
    for (const id of options.explicit) add(id, 'requested');
    return { offerIds: [...reasons.keys()], reasons, deadLettered: [] };
  }
  for (const id of options.tracked) add(id, 'tracked');
  for (const link of store.links.list('offer')) add(link.externalId, 'linked');
  for (const job of store.jobs.dueKeys('offer')) add(job, 'queued');
  const dead = new Set(store.deadLetters.list({ kind: 'offer' }).map((d) => d.key));
  const deadLettered = [...reasons.keys()].filter((id) => dead.has(id));
  for (const id of deadLettered) reasons.delete(id);
  return { offerIds: [...reasons.keys()], reasons, deadLettered };
}
