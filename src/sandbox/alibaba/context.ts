// Shared state handed to every simulated API: identity, clock, catalog, orders and push messages.
import type { Catalog } from './catalog.js';
import type { OrderBook } from './orders.js';
import type { PushCenter } from './push.js';

export interface SimContext {
  readonly appKey: string;
  readonly appSecret: string;
  readonly buyerUserId: number;
  readonly buyerLoginId: string;
  /** Simulated "now" in epoch ms, including the clock offset knob. */
  now(): number;
  readonly catalog: Catalog;
  readonly orders: OrderBook;
  readonly push: PushCenter;
}

export interface ApiRequest {
  params: Record<string, string>;
}

/** What a simulated API answers; `dropResponse` asks the gateway to destroy the socket instead. */
export interface ApiResult {
  status?: number;
  body: unknown;
  orderCreated?: boolean;
}

export interface ApiHandler {
  /** Whether a valid access_token is required. */
  auth: boolean;
  required: string[];
  handle(request: ApiRequest): ApiResult;
}

export type ApiTable = Record<string, ApiHandler>;

export const buyerMemberIdOf = (ctx: SimContext): string => `b2b-${ctx.buyerUserId}`;
