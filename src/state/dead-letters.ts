// Dead letters: records that failed permanently or ran out of attempts, with their full error context.
import type { Sealer } from './crypto.js';
import type { Db } from './db.js';

export interface FailureInfo {
  code: string | null;
  message: string;
  /** Everything needed to understand and replay the failure (request, response, hint); sealed at rest. */
  context?: Record<string, unknown> | undefined;
}

export interface DeadLetter {
  id: number;
  kind: string;
  key: string;
  payload: unknown;
  attempts: number;
  errorCode: string | null;
  errorMessage: string;
  errorContext: Record<string, unknown> | null;
  correlationId: string | null;
  firstFailedAt: string;
  lastFailedAt: string;
  discardedAt: string | null;
  discardReason: string | null;
}

interface Row {
  id: number;
  kind: string;
  key: string;
  payload: string | null;
  attempts: number;
  error_code: string | null;
  error_message: string;
  error_context: string | null;
  correlation_id: string | null;
  first_failed_at: string;
  last_failed_at: string;
  discarded_at: string | null;
  discard_reason: string | null;
}

export interface DeadLetterFilter {
  kind?: string | undefined;
  /** Only letters whose last failure is before this time. */
  before?: Date | undefined;
  /** Only letters whose last failure is at or after this time. */
  since?: Date | undefined;
  includeDiscarded?: boolean | undefined;
}

export class DeadLetterRepo {
  private readonly insertStmt;
  private readonly getStmt;
  private readonly discardStmt;
  private readonly deleteStmt;
  private readonly activeStmt;

  constructor(private readonly db: Db, private readonly sealer: Sealer, private readonly now: () => string) {
    this.insertStmt = db.prepare(
      `INSERT INTO dead_letters (kind, key, payload, attempts, error_code, error_message, error_context,
         correlation_id, first_failed_at, last_failed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.getStmt = db.prepare<[number], Row>('SELECT * FROM dead_letters WHERE id = ?');
    this.discardStmt = db.prepare('UPDATE dead_letters SET discarded_at = ?, discard_reason = ? WHERE id = ? AND discarded_at IS NULL');
    this.deleteStmt = db.prepare('DELETE FROM dead_letters WHERE id = ?');
    this.activeStmt = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM dead_letters WHERE discarded_at IS NULL');
  }

  add(letter: {
    kind: string;
    key: string;
    payload: unknown;
    attempts: number;
    failure: FailureInfo;
    correlationId?: string | null | undefined;
    firstFailedAt?: string | undefined;
  }): number {
    const at = this.now();
    const result = this.insertStmt.run(
      letter.kind,
      letter.key,
      this.sealer.seal(JSON.stringify(letter.payload ?? null)),
      letter.attempts,
      letter.failure.code,
      letter.failure.message,
      letter.failure.context ? this.sealer.seal(JSON.stringify(letter.failure.context)) : null,
      letter.correlationId ?? null,
      letter.firstFailedAt ?? at,
      at,
    );
    return Number(result.lastInsertRowid);
  }

  get(id: number): DeadLetter | undefined {
    const row = this.getStmt.get(id);
    return row ? this.toLetter(row) : undefined;
  }

  list(filter: DeadLetterFilter = {}): DeadLetter[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (!filter.includeDiscarded) where.push('discarded_at IS NULL');
    if (filter.kind) {
      where.push('kind = ?');
      args.push(filter.kind);
    }
    if (filter.before) {
      where.push('last_failed_at < ?');
      args.push(filter.before.toISOString());
    }
    if (filter.since) {
      where.push('last_failed_at >= ?');
      args.push(filter.since.toISOString());
    }
    const sql = `SELECT * FROM dead_letters ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`;
    return this.db.prepare<unknown[], Row>(sql).all(...args).map((r) => this.toLetter(r));
  }

  /** Marks a letter discarded; it is kept for audit. Returns false when it was missing or already discarded. */
  discard(id: number, reason: string): boolean {
    return this.discardStmt.run(this.now(), reason, id).changes === 1;
  }

  remove(id: number): void {
    this.deleteStmt.run(id);
  }

  activeCount(): number {
    return this.activeStmt.get()?.n ?? 0;
  }

  private toLetter(r: Row): DeadLetter {
    return {
      id: r.id,
      kind: r.kind,
      key: r.key,
      payload: r.payload ? (JSON.parse(this.sealer.open(r.payload)) as unknown) : null,
      attempts: r.attempts,
      errorCode: r.error_code,
      errorMessage: r.error_message,
      errorContext: r.error_context ? (JSON.parse(this.sealer.open(r.error_context)) as Record<string, unknown>) : null,
      correlationId: r.correlation_id,
      firstFailedAt: r.first_failed_at,
      lastFailedAt: r.last_failed_at,
      discardedAt: r.discarded_at,
      discardReason: r.discard_reason,
    };
  }
}
