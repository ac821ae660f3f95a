// Inbox: received push messages, unique by msgId so replays are ignored, processed asynchronously.
import type { Sealer } from './crypto.js';
import type { Db } from './db.js';

export interface InboxMessage {
  msgId: string;
  type: string;
  payload: unknown;
  receivedAt: string;
  processedAt: string | null;
  attempts: number;
  lastError: string | null;
  /** When a failed message may be tried again (null: now). */
  nextAttemptAt: string | null;
}

interface Row {
  msg_id: string;
  type: string;
  payload: string;
  received_at: string;
  processed_at: string | null;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | null;
}

export class InboxRepo {
  private readonly insertStmt;
  private readonly pendingStmt;
  private readonly doneStmt;
  private readonly failStmt;
  private readonly countStmt;
  private readonly reopenStmt;

  constructor(db: Db, private readonly sealer: Sealer, private readonly now: () => string) {
    this.insertStmt = db.prepare(
      'INSERT INTO inbox (msg_id, type, payload, received_at) VALUES (?, ?, ?, ?) ON CONFLICT (msg_id) DO NOTHING',
    );
    this.pendingStmt = db.prepare<[number], Row>(
      'SELECT * FROM inbox WHERE processed_at IS NULL ORDER BY received_at, msg_id LIMIT ?',
    );
    this.doneStmt = db.prepare('UPDATE inbox SET processed_at = ?, last_error = NULL WHERE msg_id = ?');
    this.failStmt = db.prepare('UPDATE inbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE msg_id = ?');
    this.reopenStmt = db.prepare('UPDATE inbox SET processed_at = NULL, attempts = 0, last_error = NULL, next_attempt_at = NULL WHERE msg_id = ?');
    this.countStmt = db.prepare<[], { pending: number; processed: number }>(
      `SELECT COALESCE(SUM(processed_at IS NULL), 0) AS pending, COALESCE(SUM(processed_at IS NOT NULL), 0) AS processed FROM inbox`,
    );
  }

  /** Stores a message; returns false when this msgId was already received (a replay). */
  add(msgId: string, type: string, payload: unknown): boolean {
    return this.insertStmt.run(msgId, type, this.sealer.seal(JSON.stringify(payload)), this.now()).changes === 1;
  }

  pending(limit = 100): InboxMessage[] {
    return this.pendingStmt.all(limit).map((r) => ({
      msgId: r.msg_id,
      type: r.type,
      payload: JSON.parse(this.sealer.open(r.payload)) as unknown,
      receivedAt: r.received_at,
      processedAt: r.processed_at,
      attempts: r.attempts,
      lastError: r.last_error,
      nextAttemptAt: r.next_attempt_at,
    }));
  }

  markProcessed(msgId: string): void {
    this.doneStmt.run(this.now(), msgId);
  }

  /** Puts a message back to be processed again from its first attempt (a replayed dead letter). */
  reopen(msgId: string): boolean {
    return this.reopenStmt.run(msgId).changes === 1;
  }

  /** Counts a failed attempt; `retryAt` is kept so the backoff survives a restart. */
  markFailed(msgId: string, error: string, retryAt?: Date): void {
    this.failStmt.run(error, retryAt?.toISOString() ?? null, msgId);
  }

  counts(): { pending: number; processed: number } {
    return this.countStmt.get() ?? { pending: 0, processed: 0 };
  }
}
