// The simulator's order book: orders in fen, the buyer-side state machine and packages shipped.
import { SimulatorError } from './util.js';

export type OrderStatus = 'waitbuyerpay' | 'waitsellersend' | 'waitbuyerreceive' | 'confirm_goods' | 'success' | 'cancel' | 'terminated';

export interface SimOrderItem {
  subItemId: bigint;
  productID: number;
  skuId?: number;
  specId?: string;
  name: string;
  priceFen: number;
  quantity: number;
  shipped: number;
  unit: string;
  skuInfos: { name: string; value: string }[];
}

export interface SimPackage {
  logisticsId: string;
  billNo: string;
  carrier: Carrier;
  status: 'ACCEPT' | 'TRANSPORT' | 'SIGN';
  lines: { subItemId: bigint; quantity: number }[];
  createTime: number;
}

export interface SimOrder {
  id: bigint;
  outOrderId?: string;
  status: OrderStatus;
  createTime: number;
  modifyTime: number;
  payTime?: number;
  allDeliveredTime?: number;
  completeTime?: number;
  message: string;
  address: Record<string, unknown>;
  sellerLoginId: string;
  sellerUserId: number;
  items: SimOrderItem[];
  postFeeFen: number;
  packages: SimPackage[];
  closeReason?: string;
}

export interface Carrier {
  id: string;
  name: string;
  code: string;
}

export const CARRIERS: Carrier[] = [
  { id: '8', name: '中通快递', code: 'ZTO' },
  { id: '2', name: '圆通速递', code: 'YTO' },
  { id: '7', name: '申通快递', code: 'STO' },
  { id: '5', name: '韵达快递', code: 'YUNDA' },
  { id: '1', name: '顺丰速运', code: 'SF' },
];

export interface ShipPackageInput {
  trackingNumber?: string | undefined;
  /** Carrier name (中通快递) or code (ZTO); defaults to ZTO. */
  carrier?: string | undefined;
  /** Lines shipped in this package; by default the package takes its share of what is left. */
  items?: { specId?: string | undefined; productId?: string | undefined; quantity?: number | undefined }[] | undefined;
}

export interface ShipInput {
  trackingNumber?: string | undefined;
  carrier?: string | undefined;
  /** Ship only the first line (leaving the order partly shipped). */
  partial?: boolean | undefined;
  /** Several packages; lines without explicit items are spread across them. */
  packages?: ShipPackageInput[] | undefined;
}

/** Order-change notifications, named by the push topic they map to. */
export type OrderEvent = (type: string, order: SimOrder) => void;

const ORDER_ID_BASE = 3_012_345_678_900_000_000n;

export function carrierFor(input: string | undefined): Carrier {
  if (input === undefined) return CARRIERS[0]!;
  const found = CARRIERS.find((c) => c.name === input || c.code.toLowerCase() === input.toLowerCase() || c.id === input);
  return found ?? { id: '99', name: input, code: input.toUpperCase() };
}

export function orderTotalFen(order: SimOrder): number {
  return order.items.reduce((sum, i) => sum + i.priceFen * i.quantity, 0) + order.postFeeFen;
}

export class OrderBook {
  private readonly orders = new Map<string, SimOrder>();
  private sequence = 0;
  private packageSequence = 0;

  constructor(
    private readonly now: () => number,
    private readonly notify: OrderEvent,
  ) {}

  nextOrderId(): bigint {
    this.sequence++;
    return ORDER_ID_BASE + BigInt(this.sequence) * 7919n;
  }

  add(order: SimOrder): void {
    this.orders.set(order.id.toString(), order);
    this.notify('ORDER_BUYER_VIEW_BUYER_MAKE', order);
  }

  get(id: string): SimOrder | undefined {
    return this.orders.get(id.trim());
  }

  require(id: string): SimOrder {
    const order = this.get(id);
    if (!order) throw new SimulatorError(404, `no order ${id}`);
    return order;
  }

  all(): SimOrder[] {
    return [...this.orders.values()];
  }

  private transition(id: string, from: OrderStatus[], to: OrderStatus, topic: string): SimOrder {
    const order = this.require(id);
    if (!from.includes(order.status)) throw new SimulatorError(409, `order ${id} is ${order.status}, expected ${from.join(' or ')}`);
    order.status = to;
    order.modifyTime = this.now();
    this.notify(topic, order);
    return order;
  }

  pay(id: string): SimOrder {
    const order = this.transition(id, ['waitbuyerpay'], 'waitsellersend', 'ORDER_BUYER_VIEW_ORDER_PAY');
    order.payTime = order.modifyTime;
    return order;
  }

  ship(id: string, input: ShipInput = {}): SimOrder {
    const order = this.require(id);
    if (order.status !== 'waitsellersend') throw new SimulatorError(409, `order ${id} is ${order.status}, expected waitsellersend`);
    const open = order.items.filter((i) => i.shipped < i.quantity);
    if (open.length === 0) throw new SimulatorError(409, `order ${id} has nothing left to ship`);
    const inputs: ShipPackageInput[] = input.packages ?? [
      { ...(input.trackingNumber ? { trackingNumber: input.trackingNumber } : {}), ...(input.carrier ? { carrier: input.carrier } : {}) },
    ];
    const chosen = input.partial ? open.slice(0, 1) : open;
    const now = this.now();
    inputs.forEach((pkg, index) => {
      const lines = pkg.items
        ? pkg.items.map((line) => {
            const item = order.items.find((i) => (line.specId && i.specId === line.specId) || (line.productId && String(i.productID) === line.productId));
            if (!item) throw new SimulatorError(400, `no order line for ${line.specId ?? line.productId ?? '?'}`);
            return { item, quantity: Math.min(line.quantity ?? item.quantity - item.shipped, item.quantity - item.shipped) };
          })
        : chosen.filter((_, k) => k % inputs.length === index).map((item) => ({ item, quantity: item.quantity - item.shipped }));
      this.packageSequence++;
      const packageNo = 2_000_000 + this.packageSequence;
      for (const line of lines) line.item.shipped += line.quantity;
      order.packages.push({
        logisticsId: `BX1${String(packageNo).padStart(14, '0')}`,
        billNo: pkg.trackingNumber ?? `7731${String(packageNo).padStart(9, '0')}`,
        carrier: carrierFor(pkg.carrier ?? input.carrier),
        status: 'ACCEPT',
        lines: lines.filter((l) => l.quantity > 0).map((l) => ({ subItemId: l.item.subItemId, quantity: l.quantity })),
        createTime: now,
      });
    });
    order.modifyTime = now;
    if (order.items.every((i) => i.shipped >= i.quantity)) {
      order.status = 'waitbuyerreceive';
      order.allDeliveredTime = now;
      this.notify('ORDER_BUYER_VIEW_ANNOUNCE_SENDGOODS', order);
    } else {
      this.notify('ORDER_BUYER_VIEW_PART_PART_SENDGOODS', order);
    }
    this.notify('LOGISTICS_BUYER_VIEW_TRACE', order);
    return order;
  }

  deliver(id: string): SimOrder {
    const order = this.transition(id, ['waitbuyerreceive'], 'confirm_goods', 'ORDER_BUYER_VIEW_ORDER_COMFIRM_RECEIVEGOODS');
    for (const pkg of order.packages) pkg.status = 'SIGN';
    return order;
  }

  complete(id: string): SimOrder {
    const order = this.transition(id, ['confirm_goods', 'waitbuyerreceive'], 'success', 'ORDER_BUYER_VIEW_ORDER_SUCCESS');
    order.completeTime = order.modifyTime;
    return order;
  }

  /** Cancels an order; `byBuyer` is the cancel API (unpaid orders only), otherwise the seller closes it. */
  cancel(id: string, reason: string, byBuyer: boolean): SimOrder {
    const from: OrderStatus[] = byBuyer ? ['waitbuyerpay'] : ['waitbuyerpay', 'waitsellersend'];
    const order = this.transition(id, from, 'cancel', byBuyer ? 'ORDER_BUYER_VIEW_ORDER_BUYER_CLOSE' : 'ORDER_BUYER_VIEW_ORDER_SELLER_CLOSE');
    order.closeReason = reason;
    order.completeTime = order.modifyTime;
    return order;
  }
}
