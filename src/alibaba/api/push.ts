// Push-message pull APIs: messages not yet delivered (bad items dropped and counted) and their confirmation.
import { z } from 'zod';
import type { AlibabaClient } from '../client.js';
import { Num, PushMessage, formatZodIssue } from '../schemas.js';

const LIST = { namespace: 'cn.alibaba.open', name: 'push.query.messageList', version: 1 };
const CONFIRM = { namespace: 'cn.alibaba.open', name: 'push.message.confirm', version: 1 };

const ListEnvelope = z.object({
  pushMessagePage: z
    .object({ datas: z.array(z.unknown()).nullish().transform((v) => v ?? []), totalCount: Num.default(0) })
    .default({ datas: [], totalCount: 0 }),
});

const ConfirmAnswer = z.object({ isSuccess: z.union([z.boolean(), z.string()]).optional() }).loose();

export interface PushMessagePage {
  messages: PushMessage[];
  totalCount: number;
  dropped: number;
}

/** One page of messages the platform could not deliver (pageSize 20..200). */
export async function listPushMessages(client: AlibabaClient, page = 1, pageSize = 50): Promise<PushMessagePage> {
  const size = Math.min(200, Math.max(20, pageSize));
  const answer = await client.call(LIST, { page, pageSize: size }, ListEnvelope);
  const messages: PushMessage[] = [];
  let dropped = 0;
  for (const [index, item] of answer.pushMessagePage.datas.entries()) {
    const parsed = PushMessage.safeParse(item);
    if (parsed.success) messages.push(parsed.data);
    else {
      dropped++;
      client.logger.warn('dropped a malformed push message', { index, problem: formatZodIssue(parsed.error.issues[0]!) });
    }
  }
  if (dropped > 0) client.countDropped(dropped);
  return { messages, totalCount: answer.pushMessagePage.totalCount, dropped };
}

/** Marks messages as handled so they are not listed again; true when the platform accepted. */
export async function confirmPushMessages(client: AlibabaClient, msgIds: readonly string[]): Promise<boolean> {
  const ids = msgIds.filter((id) => /^\d+$/.test(id));
  if (ids.length === 0) return true;
  // A JSON array of longs, written from the digit strings so ids above 2^53 stay exact.
  const answer = await client.call(CONFIRM, { msgIdList: `[${ids.join(',')}]` }, ConfirmAnswer);
  return answer.isSuccess === undefined || answer.isSuccess === true || answer.isSuccess === 'true';
}
