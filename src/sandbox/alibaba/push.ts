// Push messages: signed form POSTs to the receiver with resends, and the pull APIs for undelivered ones.
import { stringifyWithBigInts } from '../../alibaba/json.js';
import { signPushMessage } from '../../alibaba/sign.js';
import type { ApiTable } from './context.js';
import type { SimOrder } from './orders.js';
import { formatSpacedDate, sleep } from './util.js';

export interface PushConfig {
  /** Receiver URL; without it messages are only kept for push.query.messageList. */
  url: string | undefined;
  /** Topics sent automatically on changes: 'all', a list, or none ([]). On-demand sends ignore this. */
  topics: 'all' | string[];
  maxAttempts: number;
  backoffMs: number;
}

export interface SimPushMessage {
  msgId: number;
  gmtBorn: number;
  type: string;
  userInfo: string;
  data: Record<string, unknown>;
  delivered: boolean;
  confirmed: boolean;
  attempts: number;
}

export interface PushStats {
  created: number;
  attempts: number;
  delivered: number;
  failed: number;
}

/** Builds the topic's `data` for an order change, as in the documented samples. */
export function orderEventData(type: string, order: SimOrder, buyerMemberId: string, now: number): Record<string, unknown> {
  if (type === 'LOGISTICS_BUYER_VIEW_TRACE') {
    const pkg = order.packages[order.packages.length - 1];
    return {
      OrderLogisticsTracingModel: {
        logisticsId: pkg?.logisticsId ?? '',
        cpCode: pkg?.carrier.code ?? '',
        mailNo: pkg?.billNo ?? '',
        statusChanged: 'CONSIGN',
        changeTime: formatSpacedDate(now),
        orderLogsItems: (pkg?.lines ?? []).map((l) => ({ orderId: order.id, orderEntryId: l.subItemId })),
      },
    };
  }
  return {
    orderId: order.id,
    currentStatus: type === 'ORDER_BUYER_VIEW_ORDER_COMFIRM_RECEIVEGOODS' ? 'confirm_goods_and_has_subsidy' : order.status,
    msgSendTime: formatSpacedDate(now),
    buyerMemberId,
    sellerMemberId: `b2b-${order.sellerUserId}`,
  };
}

export class PushCenter {
  readonly config: PushConfig;
  readonly stats: PushStats = { created: 0, attempts: 0, delivered: 0, failed: 0 };
  private readonly messages: SimPushMessage[] = [];
  private readonly inflight = new Set<Promise<void>>();
  private nextMsgId = 100_000_001;
  private closed = false;

  constructor(
    private readonly appSecret: string,
    private readonly memberId: string,
    private readonly now: () => number,
    private readonly timers: Set<NodeJS.Timeout>,
    config: Partial<PushConfig>,
  ) {
    this.config = { url: config.url, topics: config.topics ?? 'all', maxAttempts: config.maxAttempts ?? 3, backoffMs: config.backoffMs ?? 50 };
  }

  /** Records a message; sends it now if `onDemand`, or if its topic is configured for automatic sends. */
  emit(type: string, data: Record<string, unknown>, onDemand = false): SimPushMessage {
    const message: SimPushMessage = { msgId: this.nextMsgId++, gmtBorn: this.now(), type, userInfo: this.memberId, data, delivered: false, confirmed: false, attempts: 0 };
    this.messages.push(message);
    this.stats.created++;
    const auto = this.config.topics === 'all' || this.config.topics.includes(type);
    if (this.config.url !== undefined && (onDemand || auto)) {
      const delivery = this.deliver(message, this.config.url).finally(() => this.inflight.delete(delivery));
      this.inflight.add(delivery);
    }
    return message;
  }

  /** The exact JSON text sent as the `message` form field. */
  static envelope(message: SimPushMessage): string {
    const { msgId, gmtBorn, type, userInfo, data } = message;
    return stringifyWithBigInts({ msgId, gmtBorn, type, userInfo, data });
  }

  private async deliver(message: SimPushMessage, url: string): Promise<void> {
    const text = PushCenter.envelope(message);
    const body = new URLSearchParams({ message: text, _aop_signature: signPushMessage({ message: text }, this.appSecret) });
    for (let attempt = 1; attempt <= this.config.maxAttempts && !this.closed; attempt++) {
      message.attempts++;
      this.stats.attempts++;
      try {
        const response = await fetch(url, { method: 'POST', body, signal: AbortSignal.timeout(5000) });
        await response.arrayBuffer();
        if (response.ok) {
          message.delivered = true;
          this.stats.delivered++;
          return;
        }
      } catch {
        // A refused or broken connection counts as a failed attempt, like a non-2xx answer.
      }
      if (attempt < this.config.maxAttempts && !this.closed) await sleep(this.config.backoffMs * attempt, this.timers);
    }
    this.stats.failed++;
  }

  /** Resolves once every delivery in progress has finished (delivered or given up). */
  async flush(): Promise<void> {
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
  }

  close(): void {
    this.closed = true;
  }

  all(): SimPushMessage[] {
    return [...this.messages];
  }

  pending(): SimPushMessage[] {
    return this.messages.filter((m) => !m.delivered && !m.confirmed);
  }

  confirm(ids: string[]): number {
    let count = 0;
    for (const m of this.messages) {
      if (ids.includes(String(m.msgId)) && !m.confirmed) {
        m.confirmed = true;
        count++;
      }
    }
    return count;
  }

  apis(): ApiTable {
    return {
      'cn.alibaba.open:push.query.messageList': {
        auth: true,
        required: [],
        handle: ({ params }) => {
          const page = Math.max(1, Number(params['page'] ?? 1) || 1);
          const pageSize = Math.min(200, Math.max(20, Number(params['pageSize'] ?? 20) || 20));
          const pending = this.pending();
          const datas = pending.slice((page - 1) * pageSize, page * pageSize).map(({ msgId, gmtBorn, type, userInfo, data }) => ({ gmtBorn, data, msgId, type, userInfo }));
          return { body: { pushMessagePage: { datas, totalCount: pending.length } } };
        },
      },
      'cn.alibaba.open:push.message.confirm': {
        auth: true,
        required: ['msgIdList'],
        handle: ({ params }) => {
          const raw = params['msgIdList']!;
          const ids = raw.trim().startsWith('[') ? raw.replace(/[[\]"\s]/g, '').split(',') : raw.split(',').map((s) => s.trim());
          this.confirm(ids.filter((s) => s !== ''));
          return { body: { isSuccess: true } };
        },
      },
    };
  }
}
