// The simulator's state and in-process control operations, wired together behind one object.
import { Catalog, type OfferChange, offerStock } from './catalog.js';
import { buyerMemberIdOf, type ApiTable, type SimContext } from './context.js';
import { CallWindow, FaultInjector, type FaultCounts, type FaultKnobs } from './faults.js';
import { documentedOffers, generateOffers } from './generator.js';
import { logisticsApis } from './logistics.js';
import { OrderBook, orderTotalFen, type ShipInput, type SimOrder } from './orders.js';
import { productApis } from './product-api.js';
import { PushCenter, orderEventData, type PushConfig, type PushStats } from './push.js';
import { TokenStore } from './oauth.js';
import { tradeApis } from './trade-api.js';
import { SimulatorError, fenToYuan, formatSpacedDate } from './util.js';

export interface SimulatorCoreOptions {
  appKey: string;
  appSecret: string;
  seed: number;
  offers: number;
  suppliers: number;
  accessTokenLifetimeMs: number;
  refreshTokenLifetimeMs: number;
  clockOffsetMs: number;
  absoluteImageUrls: boolean;
  push: Partial<PushConfig>;
  faults: Partial<FaultKnobs>;
}

export interface SeedInput {
  count?: number;
  seed?: number;
  suppliers?: number;
  /** Drop the current catalog (including the documented offers) first. */
  replace?: boolean;
}

export interface OrderSummary {
  orderId: string;
  outOrderId: string | undefined;
  status: string;
  totalAmountFen: number;
  sellerLoginId: string;
  createTime: string;
  modifyTime: string;
  items: { productId: string; specId: string | undefined; quantity: number; shipped: number }[];
  packages: { logisticsId: string; trackingNumber: string; carrier: string; status: string }[];
}

export interface SimulatorStats {
  callsByApi: Record<string, number>;
  totalCalls: number;
  rejectedByFlowControl: number;
  faultsInjected: FaultCounts;
  /** Highest number of gateway calls seen in any sliding one-second window. */
  maxCallsPerSecond: number;
  push: PushStats;
}

export function summariseOrder(order: SimOrder): OrderSummary {
  return {
    orderId: order.id.toString(),
    outOrderId: order.outOrderId,
    status: order.status,
    totalAmountFen: orderTotalFen(order),
    sellerLoginId: order.sellerLoginId,
    createTime: new Date(order.createTime).toISOString(),
    modifyTime: new Date(order.modifyTime).toISOString(),
    items: order.items.map((i) => ({ productId: String(i.productID), specId: i.specId, quantity: i.quantity, shipped: i.shipped })),
    packages: order.packages.map((p) => ({ logisticsId: p.logisticsId, trackingNumber: p.billNo, carrier: p.carrier.name, status: p.status })),
  };
}

export class SimulatorCore {
  readonly ctx: SimContext;
  readonly tokens: TokenStore;
  readonly faults: FaultInjector;
  readonly observed = new CallWindow();
  readonly accepted = new CallWindow();
  readonly counters = { callsByApi: {} as Record<string, number>, totalCalls: 0, rejectedByFlowControl: 0 };
  readonly timers = new Set<NodeJS.Timeout>();
  readonly apis: ApiTable;
  clockOffsetMs: number;
  baseUrl = '';
  private generated = 0;

  constructor(private readonly options: SimulatorCoreOptions) {
    this.clockOffsetMs = options.clockOffsetMs;
    const now = (): number => Date.now() + this.clockOffsetMs;
    const buyerUserId = 2_248_544_159;
    const catalog = new Catalog(() => (options.absoluteImageUrls ? `${this.baseUrl}/` : ''));
    const push = new PushCenter(options.appSecret, `b2b-${buyerUserId}`, now, this.timers, options.push);
    const orders = new OrderBook(now, (type, order) => {
      push.emit(type, orderEventData(type, order, `b2b-${buyerUserId}`, now()));
    });
    this.ctx = { appKey: options.appKey, appSecret: options.appSecret, buyerUserId, buyerLoginId: 'buyertest001', now, catalog, orders, push };
    this.tokens = new TokenStore(options.accessTokenLifetimeMs, options.refreshTokenLifetimeMs);
    this.faults = new FaultInjector(options.seed, options.faults);
    this.apis = { ...productApis(this.ctx), ...tradeApis(this.ctx), ...logisticsApis(this.ctx), ...push.apis() };
    for (const offer of documentedOffers()) catalog.add(offer);
    this.seedCatalog({ count: options.offers, seed: options.seed, suppliers: options.suppliers });
  }

  /** Adds generated offers (deterministic for a seed); returns the product ids added. */
  seedCatalog(input: SeedInput = {}): string[] {
    if (input.replace) {
      this.ctx.catalog.clear();
      this.generated = 0;
    }
    const offers = generateOffers({
      seed: input.seed ?? this.options.seed,
      count: input.count ?? 0,
      suppliers: input.suppliers ?? this.options.suppliers,
      startIndex: this.generated,
      now: this.ctx.now(),
    });
    this.generated += offers.length;
    for (const offer of offers) this.ctx.catalog.add(offer);
    return offers.map((o) => String(o.productID));
  }

  /**
   * Changes an offer (price in yuan, stock, subject, status) and announces it by push: a product change
   * for the listing, an inventory change (new stock and the delta per SKU) for stock.
   */
  updateOffer(productId: string, change: OfferChange): void {
    const now = this.ctx.now();
    const before = this.ctx.catalog.require(productId);
    const oldStock = new Map<string, number>([['', before.amountOnSale], ...before.skus.map((k) => [k.specId, k.amountOnSale] as [string, number])]);
    const offer = this.ctx.catalog.change(productId, change, now);
    if (change.subject !== undefined || change.price !== undefined || change.status !== undefined) {
      this.ctx.push.emit('PRODUCT_RELATION_VIEW_PRODUCT_CHANGE', { memberId: buyerMemberIdOf(this.ctx), productIds: String(offer.productID), action: 'modify', msgSendTime: formatSpacedDate(now) });
    }
    const changedSpecs = new Set(Object.keys(change.skuStock ?? {}));
    if (change.stock !== undefined || changedSpecs.size > 0) {
      const skus = change.stock !== undefined ? offer.skus : offer.skus.filter((k) => changedSpecs.has(k.specId));
      this.ctx.push.emit('PRODUCT_PRODUCT_INVENTORY_CHANGE', {
        OfferInventoryChangeList: (skus.length > 0 ? skus : [undefined]).map((sku) => ({
          offerId: offer.productID,
          offerOnSale: offerStock(offer),
          ...(sku ? { skuId: sku.skuId, skuOnSale: sku.amountOnSale } : {}),
          quantity: sku ? sku.amountOnSale - (oldStock.get(sku.specId) ?? 0) : offer.amountOnSale - (oldStock.get('') ?? 0),
          bizTime: String(now),
        })),
      });
    }
  }

  /** Sets the permission flag of an offer: false answers "no listing relationship". */
  setOfferPermitted(productId: string, permitted: boolean): void {
    this.ctx.catalog.require(productId).permitted = permitted;
  }

  listOffers(): { productId: string; subject: string; supplierLoginId: string; quoteType: number; skus: number; priceYuan: number | undefined; stock: number }[] {
    return this.ctx.catalog.all().map((o) => ({
      productId: String(o.productID),
      subject: o.subject,
      supplierLoginId: o.supplierLoginId,
      quoteType: o.quoteType,
      skus: o.skus.length,
      priceYuan: o.priceRanges[0] ? fenToYuan(o.priceRanges[0].priceFen) : undefined,
      stock: offerStock(o),
    }));
  }

  listOrders(): OrderSummary[] {
    return this.ctx.orders.all().map(summariseOrder);
  }

  payOrder(orderId: string): OrderSummary {
    return summariseOrder(this.ctx.orders.pay(orderId));
  }

  shipOrder(orderId: string, input: ShipInput = {}): OrderSummary {
    return summariseOrder(this.ctx.orders.ship(orderId, input));
  }

  deliverOrder(orderId: string): OrderSummary {
    return summariseOrder(this.ctx.orders.deliver(orderId));
  }

  completeOrder(orderId: string): OrderSummary {
    return summariseOrder(this.ctx.orders.complete(orderId));
  }

  cancelOrder(orderId: string, reason = 'sellerCancel'): OrderSummary {
    return summariseOrder(this.ctx.orders.cancel(orderId, reason, false));
  }

  /** A valid token pair without the browser step (tests and the demo). */
  issueToken(): { accessToken: string; refreshToken: string } {
    const now = this.ctx.now();
    return { accessToken: this.tokens.issueAccess(now).accessToken, refreshToken: this.tokens.issueRefresh(now).refreshToken };
  }

  expireTokens(options: { refresh?: boolean } = {}): void {
    this.tokens.expireAll(options.refresh ?? false);
  }

  /** Sends a push message now. Order topics may pass `{orderId}` to build the data from that order. */
  sendPush(type: string, data: Record<string, unknown> = {}): { msgId: string } {
    const orderId = data['orderId'];
    const order = typeof orderId === 'string' && Object.keys(data).length === 1 ? this.ctx.orders.get(orderId) : undefined;
    if (typeof orderId === 'string' && Object.keys(data).length === 1 && !order) throw new SimulatorError(404, `no order ${orderId}`);
    const payload = order ? orderEventData(type, order, buyerMemberIdOf(this.ctx), this.ctx.now()) : data;
    return { msgId: String(this.ctx.push.emit(type, payload, true).msgId) };
  }

  stats(): SimulatorStats {
    return {
      callsByApi: { ...this.counters.callsByApi },
      totalCalls: this.counters.totalCalls,
      rejectedByFlowControl: this.counters.rejectedByFlowControl,
      faultsInjected: { ...this.faults.counts },
      maxCallsPerSecond: this.observed.max,
      push: { ...this.ctx.push.stats },
    };
  }

  close(): void {
    this.ctx.push.close();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
