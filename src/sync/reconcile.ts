// reconcile: recent 1688 orders and purchase orders side by side, matched by link and outOrderId; read-only, lists differences.
import pLimit from 'p-limit';
import type { OrderBaseInfo, OrderDetail } from '../alibaba/schemas.js';
import type { Config } from '../config/schema.js';
import type { Logger } from '../log/logger.js';
import {
  CLOSED_STATUSES, SEVERITIES, comparePair, duplicateOrder, only1688, onlyOdoo, poIdFromOutOrderId, poStateGroup,
  type Difference, type Severity,
} from '../mapping/reconcile.js';
import type { OdooClient } from '../odoo/client.js';
import { fieldText, parseOdooDatetime, type OdooRecord } from '../odoo/models.js';
import type { StockEvent } from '../state/stock.js';
import type { Store } from '../state/store.js';
import { cnyConverter } from './orders.js';
import { loadOrders } from './orders/load.js';
import type { RunMetrics } from './products.js';
import { PoReader } from './reconcile/odoo-side.js';

export interface ReconcileApi {
  /** Pages of orders (base info) modified in [from, to]. */
  modified(from: Date, to: Date): AsyncIterable<OrderBaseInfo[]>;
  /** The full order, or undefined when 1688 does not know it. */
  order(orderId: string): Promise<OrderDetail | undefined>;
}

export interface ReconcileDeps {
  odoo: OdooClient;
  api: ReconcileApi;
  store: Store;
  logger: Logger;
  config: Readonly<Config>;
  metrics: RunMetrics;
  now?: () => Date;
}

export interface ReconcileOptions {
  from: Date;
  to: Date;
  /** A confirmed PO younger than this is not yet expected on 1688 (push-orders runs every 15 min). */
  graceMs?: number;
}

export interface ReconcileResult {
  window: { from: string; to: string };
  /** Purchase orders plus 1688 orders with no purchase order: each pair counts once. */
  compared: number;
  differences: Difference[];
  counts: Record<Severity, number>;
  /** Supplier stock: conditions that hold now and changes found in the window (not differences: no exit 6). */
  supplierStock: StockEvent[];
}

export const NOT_PUSHED_GRACE_MS = 30 * 60_000;

/** 1688 goods total in yuan, shipping excluded: sumProductPayment, else the items' amounts. */
export function goodsTotal(detail: OrderDetail): number | undefined {
  if (detail.baseInfo.sumProductPayment !== undefined) return detail.baseInfo.sumProductPayment;
  const amounts = detail.productItems.map((i) => i.itemAmount ?? (i.price !== undefined ? i.price * i.quantity : undefined));
  return amounts.length > 0 && amounts.every((a) => a !== undefined) ? amounts.reduce<number>((s, a) => s + a, 0) : undefined;
}

export async function reconcile(deps: ReconcileDeps, options: ReconcileOptions): Promise<ReconcileResult> {
  const { store, config, metrics } = deps;
  const db = config.odoo.database;
  const reader = new PoReader(deps.odoo);
  const limit = pLimit(Math.max(1, config.alibaba.concurrency));
  const differences: Difference[] = [];

  const heads = new Map<string, OrderBaseInfo>();
  await metrics.phase('fetch', async () => {
    for await (const page of deps.api.modified(options.from, options.to)) for (const h of page) heads.set(h.id, h);
  });
  const pos = new Map<number, OdooRecord>();
  const add = (rows: readonly OdooRecord[]): void => rows.forEach((r) => pos.set(r.id, r));
  add(await metrics.phase('read', () => reader.window(options.from)));

  // Each 1688 order's PO: by link, then by outOrderId (outbox row, or our encoding of the PO id), then by x_alibaba_order_id.
  const claimed = new Map<string, number>();
  for (const h of heads.values()) {
    const byKey = h.outOrderId ? (store.outbox.byOutOrderId(h.outOrderId)?.poId ?? poIdFromOutOrderId(db, h.outOrderId)) : undefined;
    const poId = store.links.get('order', h.id)?.odooId ?? byKey;
    if (poId !== undefined) claimed.set(h.id, poId);
  }
  add(await metrics.phase('read', () => reader.byIds([...new Set(claimed.values())].filter((id) => !pos.has(id)))));
  for (const [orderId, poId] of claimed) if (!pos.has(poId)) claimed.delete(orderId);
  const byField = (): Map<string, number> => new Map([...pos.values()].map((p) => [fieldText(p.x_alibaba_order_id), p.id] as const).filter(([k]) => k !== ''));
  let index = byField();
  const lookup = [...heads.keys()].filter((id) => !claimed.has(id) && !index.has(id));
  if (lookup.length > 0) {
    add(await metrics.phase('read', () => reader.byOrderIds(lookup)));
    index = byField();
  }
  for (const id of heads.keys()) {
    const poId = index.get(id);
    if (!claimed.has(id) && poId !== undefined) claimed.set(id, poId);
  }

  // One order per PO: the one the PO names (or the link's); any other is a duplicate.
  const pairs = new Map<number, string>();
  const ordersOf = new Map<number, string[]>();
  for (const [orderId, poId] of claimed) ordersOf.set(poId, [...(ordersOf.get(poId) ?? []), orderId]);
  const created = (id: string): number => heads.get(id)?.createTime?.getTime() ?? 0;
  for (const [poId, orderIds] of ordersOf) {
    const name = String(pos.get(poId)!.name);
    const preferred = fieldText(pos.get(poId)!.x_alibaba_order_id) || store.links.byOdooId('order', poId)?.externalId;
    const kept = orderIds.find((id) => id === preferred) ?? [...orderIds].sort((a, b) => created(a) - created(b))[0]!;
    pairs.set(poId, kept);
    for (const other of orderIds.filter((id) => id !== kept)) {
      differences.push({ kind: 'only_1688', po: name, orderId: other, ...duplicateOrder(heads.get(other)!.status, name, kept) });
    }
  }

  // A PO naming an order outside the 1688 window: read that order (or learn that 1688 does not know it).
  const details = new Map<string, OrderDetail>();
  const missing = new Map<number, { orderId: string; claimedBy?: string }>();
  const poNameOf = (poId: number | undefined): string | undefined => (poId === undefined ? undefined : fieldText(pos.get(poId)?.name) || String(poId));
  const candidateOf = (p: OdooRecord): string | undefined =>
    fieldText(p.x_alibaba_order_id) || store.links.byOdooId('order', p.id)?.externalId || store.outbox.get(db, p.id)?.alibabaOrderId || undefined;
  const unpaired = [...pos.values()].filter((p) => !pairs.has(p.id));
  await Promise.all(
    unpaired.map((p) =>
      limit(async () => {
        const orderId = candidateOf(p);
        if (!orderId) return;
        if (heads.has(orderId)) {
          missing.set(p.id, { orderId, claimedBy: poNameOf(claimed.get(orderId)) ?? 'another purchase order' });
          return;
        }
        const detail = await metrics.phase('fetch', () => deps.api.order(orderId));
        if (!detail) missing.set(p.id, { orderId });
        else {
          details.set(orderId, detail);
          heads.set(orderId, detail.baseInfo);
          pairs.set(p.id, orderId);
        }
      }),
    ),
  );

  // Details (lines, waybills) only for pairs whose content is compared.
  const deep = [...pairs].filter(([poId, orderId]) => !CLOSED_STATUSES.has(heads.get(orderId)!.status) && poStateGroup(String(pos.get(poId)!.state)) !== 'cancelled');
  await Promise.all(
    deep.filter(([, orderId]) => !details.has(orderId)).map(([, orderId]) =>
      limit(async () => {
        const detail = await metrics.phase('fetch', () => deps.api.order(orderId));
        if (detail) details.set(orderId, detail);
      }),
    ),
  );
  const deepPos = deep.map(([poId]) => pos.get(poId)!);
  const { orders, links } = await metrics.phase('read', () => loadOrders(deps.odoo, store, deepPos));
  const loaded = new Map(orders.map((o) => [o.po.id, o]));
  const receipts = await metrics.phase('read', () => reader.receipts(deepPos));
  const toCny = await cnyConverter(deps.odoo, config.sync.pricing.currency);

  for (const [poId, orderId] of pairs) {
    const po = pos.get(poId)!;
    const detail = details.get(orderId);
    const lo = loaded.get(poId);
    differences.push(
      ...comparePair(
        {
          orderId,
          status: (detail?.baseInfo ?? heads.get(orderId)!).status,
          goodsYuan: detail ? goodsTotal(detail) : undefined,
          items: detail?.productItems.map((i) => ({ offerId: i.productID, specId: i.specId, quantity: i.quantity, name: i.name })),
          billNos: detail?.nativeLogistics.logisticsItems.map((l) => l.logisticsBillNo ?? '') ?? [],
          po: {
            name: String(po.name),
            state: String(po.state),
            alibabaStatus: fieldText(po.x_alibaba_status) || false,
            amountCny: lo ? toCny(lo.currency, lo.amountUntaxed) : undefined,
            lines: lo?.po.lines ?? [],
            links,
            pickings: receipts.get(poId) ?? [],
          },
        },
        config.sync.amountTolerance,
      ),
    );
  }

  const paired = new Set(pairs.values());
  for (const h of heads.values()) {
    if (!claimed.has(h.id) && !paired.has(h.id)) differences.push({ kind: 'only_1688', po: undefined, orderId: h.id, ...only1688({ orderId: h.id, status: h.status, outOrderId: h.outOrderId }, db) });
  }
  const dead = new Set(store.deadLetters.list({ kind: 'po' }).map((d) => d.key));
  const stillUnpaired = [...pos.values()].filter((p) => !pairs.has(p.id));
  // Without an order id, only POs push-orders would send (sync.ordersDomain) are expected on 1688.
  const eligible = await reader.matching(stillUnpaired.filter((p) => !missing.has(p.id)).map((p) => p.id), config.sync.ordersDomain);
  const now = deps.now?.() ?? options.to;
  for (const p of stillUnpaired) {
    const miss = missing.get(p.id);
    if (!miss && !eligible.has(p.id)) continue;
    const finding = onlyOdoo(
      {
        name: String(p.name),
        state: String(p.state),
        missingOrderId: miss?.orderId,
        claimedBy: miss?.claimedBy,
        confirmedAt: parseOdooDatetime(p.date_approve) ?? parseOdooDatetime(p.create_date),
        deadLettered: dead.has(String(p.id)),
      },
      now,
      options.graceMs ?? NOT_PUSHED_GRACE_MS,
    );
    if (finding) differences.push({ kind: 'only_odoo', po: String(p.name), orderId: miss?.orderId, ...finding });
  }

  differences.sort(
    (a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || (a.po ?? '~').localeCompare(b.po ?? '~') || (a.orderId ?? '').localeCompare(b.orderId ?? ''),
  );
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of differences) counts[d.severity] += 1;
  const compared = pos.size + [...heads.keys()].filter((id) => !paired.has(id)).length;
  metrics.count('reconcile.compared', compared);
  for (const s of SEVERITIES) metrics.count(`reconcile.differences.${s}`, counts[s]);
  const supplierStock = store.stock.current(options.from.toISOString());
  return { window: { from: options.from.toISOString(), to: options.to.toISOString() }, compared, differences, counts, supplierStock };
}
