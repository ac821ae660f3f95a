// Missed push messages: pages through push.query.messageList, stores each in the inbox, then confirms them.
import type { AlibabaClient } from '../../alibaba/client.js';
import { confirmPushMessages, listPushMessages } from '../../alibaba/api/push.js';
import type { Logger } from '../../log/logger.js';
import type { Store } from '../../state/store.js';

export interface MissedDeps {
  client: AlibabaClient;
  store: Store;
  logger: Logger;
}

export interface MissedOptions {
  pageSize?: number;
  /** Guard against a listing that never ends. */
  maxPages?: number;
}

export interface MissedResult {
  listed: number;
  stored: number;
  replays: number;
  confirmed: number;
  dropped: number;
}

const CONFIRM_CHUNK = 100;

/**
 * Pulls the messages 1688 could not deliver. Each is stored (a replay is ignored) before any is
 * confirmed, so a crash in between only means they are listed again; all pages are read before
 * confirming because confirmed messages leave the list and would shift the pages.
 */
export async function pullMissedMessages(deps: MissedDeps, options: MissedOptions = {}): Promise<MissedResult> {
  const { client, store, logger } = deps;
  const pageSize = Math.min(200, Math.max(20, options.pageSize ?? 200));
  const maxPages = options.maxPages ?? 50;
  const result: MissedResult = { listed: 0, stored: 0, replays: 0, confirmed: 0, dropped: 0 };
  const ids = new Set<string>();
  for (let page = 1; page <= maxPages; page++) {
    const { messages, totalCount, dropped } = await listPushMessages(client, page, pageSize);
    result.dropped += dropped;
    result.listed += messages.length;
    store.db.transaction(() => {
      for (const m of messages) {
        if (store.inbox.add(m.msgId, m.type, m)) result.stored += 1;
        else result.replays += 1;
        ids.add(m.msgId);
      }
    })();
    if (messages.length + dropped < pageSize || page * pageSize >= totalCount) break;
  }
  const all = [...ids];
  for (let i = 0; i < all.length; i += CONFIRM_CHUNK) {
    const chunk = all.slice(i, i + CONFIRM_CHUNK);
    if (await confirmPushMessages(client, chunk)) result.confirmed += chunk.length;
    else logger.warn('1688 did not accept the confirmation of missed push messages; they will be listed again (replays are ignored)', { count: chunk.length });
  }
  if (result.listed > 0) logger.info(`pulled ${result.listed} missed push message(s): ${result.stored} new, ${result.replays} already received, ${result.confirmed} confirmed`);
  return result;
}
