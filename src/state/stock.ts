// Supplier stock per variant as last read, and the significant changes found in it (open conditions and drops).
import type { StockFinding, StockRule } from '../mapping/stock.js';
import type { Db } from './db.js';

export type StockSource = 'detail' | 'push';

export interface StockRow {
  offerId: string;
  /** '' for an offer without SKUs. */
  specId: string;
  skuId: string | null;
  productId: number;
  supplierId: string | null;
  stock: number;
  /** When 1688 said so (fetch time of the detail, or the message's bizTime), ISO. */
  readAt: string;
  source: StockSource;
}

export type ChatterState = 'none' | 'pending' | 'posting' | 'posted';
export type AlertState = 'none' | 'pending' | 'sent';

export interface StockEvent {
  id: number;
  offerId: string;
  specId: string;
  productId: number;
  supplierId: string | null;
  rule: StockRule;
  previous: number | null;
  stock: number;
  threshold: number;
  summary: string;
  readAt: string;
  detectedAt: string;
  /** open: a condition that holds; cleared: one that did; event: a one-off drop. */
  state: 'open' | 'cleared' | 'event';
  clearedAt: string | null;
  /** Open purchase orders it concerns (their chatter gets one note). */
  poIds: number[];
  chatter: ChatterState;
  alert: AlertState;
  runId: string | null;
}

/** What one reading changes, worked out by the caller inside `commit`'s transaction. */
export interface StockChange {
  row: StockRow;
  open: StockFinding[];
  clear: StockRule[];
  events: StockFinding[];
  previous: number | undefined;
  poIds: number[];
}

interface StockDbRow {
  offer_id: string;
  spec_id: string;
  sku_id: string | null;
  product_id: number;
  supplier_id: string | null;
  stock: number;
  read_at: string;
  source: StockSource;
}

interface EventDbRow {
  id: number;
  offer_id: string;
  spec_id: string;
  product_id: number;
  supplier_id: string | null;
  rule: StockRule;
  previous: number | null;
  stock: number;
  threshold: number;
  summary: string;
  read_at: string;
  detected_at: string;
  state: StockEvent['state'];
  cleared_at: string | null;
  po_ids: string;
  chatter: ChatterState;
  alert: AlertState;
  run_id: string | null;
}

const toRow = (r: StockDbRow): StockRow => ({
  offerId: r.offer_id,
  specId: r.spec_id,
  skuId: r.sku_id,
  productId: r.product_id,
  supplierId: r.supplier_id,
  stock: r.stock,
  readAt: r.read_at,
  source: r.source,
});

const toEvent = (r: EventDbRow): StockEvent => ({
  id: r.id,
  offerId: r.offer_id,
  specId: r.spec_id,
  productId: r.product_id,
  supplierId: r.supplier_id,
  rule: r.rule,
  previous: r.previous,
  stock: r.stock,
  threshold: r.threshold,
  summary: r.summary,
  readAt: r.read_at,
  detectedAt: r.detected_at,
  state: r.state,
  clearedAt: r.cleared_at,
  poIds: JSON.parse(r.po_ids) as number[],
  chatter: r.chatter,
  alert: r.alert,
  runId: r.run_id,
});

export const stockKey = (offerId: string, specId: string): string => `${offerId}:${specId}`;

const CHUNK = 500;

export class StockRepo {
  constructor(private readonly db: Db, private readonly now: () => string) {}

  /** Stored rows by `offerId:specId`. */
  getMany(keys: readonly { offerId: string; specId: string }[]): Map<string, StockRow> {
    const out = new Map<string, StockRow>();
    const stmt = this.db.prepare<[string, string], StockDbRow>('SELECT * FROM supplier_stock WHERE offer_id = ? AND spec_id = ?');
    for (const k of keys) {
      const row = stmt.get(k.offerId, k.specId);
      if (row) out.set(stockKey(row.offer_id, row.spec_id), toRow(row));
    }
    return out;
  }

  /** Stored rows by 1688 SKU id (push messages name the SKU, not the spec). */
  bySkuIds(skuIds: readonly string[]): Map<string, StockRow> {
    const out = new Map<string, StockRow>();
    for (let i = 0; i < skuIds.length; i += CHUNK) {
      const chunk = skuIds.slice(i, i + CHUNK);
      const rows = this.db.prepare<string[], StockDbRow>(`SELECT * FROM supplier_stock WHERE sku_id IN (${chunk.map(() => '?').join(',')})`).all(...chunk);
      for (const r of rows) if (r.sku_id) out.set(r.sku_id, toRow(r));
    }
    return out;
  }

  /** The oldest read time of each offer's variants (for --stock-only's freshness check). */
  oldestReadByOffer(): Map<string, string> {
    const rows = this.db.prepare<[], { offer_id: string; oldest: string }>('SELECT offer_id, MIN(read_at) AS oldest FROM supplier_stock GROUP BY offer_id').all();
    return new Map(rows.map((r) => [r.offer_id, r.oldest]));
  }

  /** Open conditions per `offerId:specId`. */
  openRules(keys: readonly { offerId: string; specId: string }[]): Map<string, Set<StockRule>> {
    const out = new Map<string, Set<StockRule>>();
    const stmt = this.db.prepare<[string, string], { rule: StockRule }>("SELECT rule FROM stock_events WHERE offer_id = ? AND spec_id = ? AND state = 'open'");
    for (const k of keys) {
      const rules = stmt.all(k.offerId, k.specId).map((r) => r.rule);
      if (rules.length > 0) out.set(stockKey(k.offerId, k.specId), new Set(rules));
    }
    return out;
  }

  /**
   * Stores readings and the events they raise in one IMMEDIATE transaction. `decide` is called inside it
   * with the stored row, so two overlapping writers cannot report the same change: a reading older than
   * the stored one is skipped (returns undefined), and a condition already open is not opened again.
   */
  commit<T extends { row: StockRow }>(
    readings: readonly T[],
    decide: (reading: T, stored: StockRow | undefined, openRules: ReadonlySet<StockRule>) => StockChange | undefined,
    runId: string | null,
  ): { events: StockEvent[]; stored: number; stale: number } {
    return this.db
      .transaction(() => {
        const at = this.now();
        const getRow = this.db.prepare<[string, string], StockDbRow>('SELECT * FROM supplier_stock WHERE offer_id = ? AND spec_id = ?');
        const openStmt = this.db.prepare<[string, string], { rule: StockRule }>("SELECT rule FROM stock_events WHERE offer_id = ? AND spec_id = ? AND state = 'open'");
        const upsert = this.db.prepare(
          `INSERT INTO supplier_stock (offer_id, spec_id, sku_id, product_id, supplier_id, stock, read_at, source, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (offer_id, spec_id) DO UPDATE SET sku_id = COALESCE(excluded.sku_id, supplier_stock.sku_id),
             product_id = excluded.product_id, supplier_id = COALESCE(excluded.supplier_id, supplier_stock.supplier_id),
             stock = excluded.stock, read_at = excluded.read_at, source = excluded.source, updated_at = excluded.updated_at`,
        );
        const insertEvent = this.db.prepare<unknown[], EventDbRow>(
          `INSERT INTO stock_events (offer_id, spec_id, product_id, supplier_id, rule, previous, stock, threshold, summary, read_at,
             detected_at, state, po_ids, chatter, alert, run_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?) RETURNING *`,
        );
        const clearStmt = this.db.prepare("UPDATE stock_events SET state = 'cleared', cleared_at = ? WHERE offer_id = ? AND spec_id = ? AND rule = ? AND state = 'open'");
        const events: StockEvent[] = [];
        let stored = 0;
        let stale = 0;
        for (const reading of readings) {
          const { row } = reading;
          const current = getRow.get(row.offerId, row.specId);
          const open = new Set(openStmt.all(row.offerId, row.specId).map((r) => r.rule));
          const change = current && current.read_at > row.readAt ? undefined : decide(reading, current ? toRow(current) : undefined, open);
          if (!change) {
            stale += 1;
            continue;
          }
          upsert.run(row.offerId, row.specId, row.skuId, row.productId, row.supplierId, row.stock, row.readAt, row.source, at);
          stored += 1;
          for (const rule of change.clear) clearStmt.run(at, row.offerId, row.specId, rule);
          const add = (f: StockFinding, state: 'open' | 'event'): void => {
            const chatter: ChatterState = change.poIds.length > 0 ? 'pending' : 'none';
            const inserted = insertEvent.get(
              row.offerId, row.specId, row.productId, row.supplierId, f.rule, change.previous ?? null, row.stock, f.threshold, f.summary,
              row.readAt, at, state, JSON.stringify(change.poIds), chatter, runId,
            );
            if (inserted) events.push(toEvent(inserted));
          };
          for (const f of change.open) add(f, 'open');
          for (const f of change.events) add(f, 'event');
        }
        return { events, stored, stale };
      })
      .immediate();
  }

  /** Events whose chatter note is still owed (pending, or a post that may or may not have landed). */
  owedChatter(): StockEvent[] {
    return this.db.prepare<[], EventDbRow>("SELECT * FROM stock_events WHERE chatter IN ('pending', 'posting') ORDER BY id").all().map(toEvent);
  }

  setChatter(ids: readonly number[], state: ChatterState): void {
    const stmt = this.db.prepare('UPDATE stock_events SET chatter = ? WHERE id = ?');
    this.db.transaction(() => ids.forEach((id) => stmt.run(state, id)))();
  }

  owedAlerts(): StockEvent[] {
    return this.db.prepare<[], EventDbRow>("SELECT * FROM stock_events WHERE alert = 'pending' ORDER BY id").all().map(toEvent);
  }

  setAlert(ids: readonly number[], state: AlertState): void {
    const stmt = this.db.prepare('UPDATE stock_events SET alert = ? WHERE id = ?');
    this.db.transaction(() => ids.forEach((id) => stmt.run(state, id)))();
  }

  /** Conditions that hold now, and every event detected since `sinceIso`, newest first. */
  current(sinceIso: string): StockEvent[] {
    return this.db
      .prepare<[string], EventDbRow>("SELECT * FROM stock_events WHERE state = 'open' OR detected_at >= ? ORDER BY detected_at DESC, id DESC")
      .all(sinceIso)
      .map(toEvent);
  }

  counts(): { variants: number; open: number; owed: number } {
    const variants = this.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM supplier_stock').get()?.n ?? 0;
    const open = this.db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM stock_events WHERE state = 'open'").get()?.n ?? 0;
    const owed = this.db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM stock_events WHERE chatter IN ('pending', 'posting') OR alert = 'pending'").get()?.n ?? 0;
    return { variants, open, owed };
  }
}
