// What a stored push message asks the worker to do: re-read orders, queue offers, apply stock, nothing, or dead-letter it.
import { parsePushData, PushMessage } from '../../alibaba/schemas.js';
import { readingsOfInventoryMessage, type StockReading } from '../../mapping/stock.js';
import type { InboxMessage } from '../../state/inbox.js';

export const INVENTORY_TOPIC = 'PRODUCT_PRODUCT_INVENTORY_CHANGE';

export type Work =
  | { kind: 'orders'; orderIds: string[]; order: boolean }
  | { kind: 'product' }
  | { kind: 'inventory'; readings: StockReading[] }
  | { kind: 'unknown' }
  | { kind: 'bad'; problem: string };

/** What a stored message asks for; never throws (a message whose data cannot be read is `bad`). */
export function workOf(message: InboxMessage): Work {
  if (message.type.startsWith('PRODUCT_') && message.type !== INVENTORY_TOPIC) return { kind: 'product' };
  const envelope = PushMessage.safeParse(message.payload);
  if (!envelope.success) return { kind: 'bad', problem: 'the stored message is not a push message' };
  try {
    const data = parsePushData(envelope.data.type, envelope.data.data);
    if (data.kind === 'order') return { kind: 'orders', orderIds: [data.data.orderId], order: true };
    if (data.kind === 'logisticsTrace') return { kind: 'orders', orderIds: data.data.OrderLogisticsTracingModel.orderLogsItems.map((i) => i.orderId), order: false };
    if (data.kind === 'inventoryChange') return { kind: 'inventory', readings: readingsOfInventoryMessage(data.data, new Date(message.receivedAt)) };
    if (data.kind === 'mailNoChange') return { kind: 'orders', orderIds: data.data.MailNoChangeModel.orderLogsItems.map((i) => i.orderId), order: false };
    return { kind: 'unknown' };
  } catch (err) {
    return { kind: 'bad', problem: `${message.type}: data does not match the topic: ${err instanceof Error ? err.message.slice(0, 300) : String(err)}` };
  }
}
