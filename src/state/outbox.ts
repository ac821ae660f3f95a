// Outbox: one row per purchase order to submit to 1688, with its idempotency key and state machine.
import type { Sealer } from './crypto.js';
import type { Db } from './db.js';

export type OutboxState = 'pending' | 'submitting' | 'submitted' | 'failed';

export interface OutboxEntry {
  id: number;
  odooDb: string;
  poId: number;
  poName: string;
  outOrderId: string;
  state: OutboxState;
  payload: unknown;
  alibabaOrderId: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
}

interface Row {
  id: number;
  odoo_db: string;
  po_id: number;
  po_name: string;
  out_order_id: string;
  state: OutboxState;
  payload: string | null;
  alibaba_order_id: string | null;
  attempts: number;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
}

export class OutboxRepo {
  private readonly insertStmt;
  private readonly byPoStmt;
  private readonly byKeyStmt;
  private readonly byStateStmt;
  private readonly countStmt;

  constructor(private readonly db: Db, private readonly sealer: Sealer, private readonly now: () => string) {
    this.insertStmt = db.prepare(
      `INSERT INTO outbox (odoo_db, po_id, po_name, out_order_id, state, payload, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'pending', ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    this.byPoStmt = db.prepare<[string, number], Row>('SELECT * FROM outbox WHERE odoo_db = ? AND po_id = ?');
    this.byKeyStmt = db.prepare<[string], Row>('SELECT * FROM outbox WHERE out_order_id = ?');
    this.byStateStmt = db.prepare<[string], Row>('SELECT * FROM outbox WHERE state = ? ORDER BY id');
    this.countStmt = db.prepare<[], { state: string; n: number }>('SELECT state, COUNT(*) AS n FROM outbox GROUP BY state');
  }

  /** Adds a pending row unless one exists for this PO; returns the row either way. */
  ensure(entry: { odooDb: string; poId: number; poName: string; outOrderId: string; payload: unknown }): OutboxEntry {
    const at = this.now();
    this.insertStmt.run(entry.odooDb, entry.poId, entry.poName, entry.outOrderId, this.sealer.seal(JSON.stringify(entry.payload)), at, at);
    return this.get(entry.odooDb, entry.poId)!;
  }

  get(odooDb: string, poId: number): OutboxEntry | undefined {
    const row = this.byPoStmt.get(odooDb, poId);
    return row ? this.toEntry(row) : undefined;
  }

  byOutOrderId(outOrderId: string): OutboxEntry | undefined {
    const row = this.byKeyStmt.get(outOrderId);
    return row ? this.toEntry(row) : undefined;
  }

  inState(state: OutboxState): OutboxEntry[] {
    return this.byStateStmt.all(state).map((r) => this.toEntry(r));
  }

  /**
   * Compare-and-set: moves the row to `to` only if it is in one of `from`. Returns false when another
   * run got there first, which is how two overlapping runs cannot both submit.
   */
  transition(
    id: number,
    from: readonly OutboxState[],
    to: OutboxState,
    fields: { alibabaOrderId?: string | null; lastError?: string | null; payload?: unknown; countAttempt?: boolean } = {},
  ): boolean {
    const sets = ['state = ?', 'updated_at = ?'];
    const at = this.now();
    const args: unknown[] = [to, at];
    if (fields.alibabaOrderId !== undefined) {
      sets.push('alibaba_order_id = ?');
      args.push(fields.alibabaOrderId);
    }
    if (fields.lastError !== undefined) {
      sets.push('last_error = ?');
      args.push(fields.lastError);
    }
    if (fields.payload !== undefined) {
      sets.push('payload = ?');
      args.push(this.sealer.seal(JSON.stringify(fields.payload)));
    }
    if (fields.countAttempt) sets.push('attempts = attempts + 1');
    if (to === 'submitted') {
      sets.push('submitted_at = ?');
      args.push(at);
    }
    const placeholders = from.map(() => '?').join(', ');
    const result = this.db
      .prepare(`UPDATE outbox SET ${sets.join(', ')} WHERE id = ? AND state IN (${placeholders})`)
      .run(...args, id, ...from);
    return result.changes === 1;
  }

  counts(): Record<OutboxState, number> {
    const out: Record<OutboxState, number> = { pending: 0, submitting: 0, submitted: 0, failed: 0 };
    for (const r of this.countStmt.all()) out[r.state as OutboxState] = r.n;
    return out;
  }

  private toEntry(r: Row): OutboxEntry {
    return {
      id: r.id,
      odooDb: r.odoo_db,
      poId: r.po_id,
      poName: r.po_name,
      outOrderId: r.out_order_id,
      state: r.state,
      payload: r.payload ? (JSON.parse(this.sealer.open(r.payload)) as unknown) : null,
      alibabaOrderId: r.alibaba_order_id,
      attempts: r.attempts,
      lastError: r.last_error,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      submittedAt: r.submitted_at,
    };
  }
}
