// Cursors: the high-water mark per stream, advanced only after the work before it committed.
import type { Db } from './db.js';

export class CursorRepo {
  private readonly getStmt;
  private readonly setStmt;
  private readonly allStmt;

  constructor(db: Db, private readonly now: () => string) {
    this.getStmt = db.prepare<[string], { value: string }>('SELECT value FROM cursors WHERE stream = ?');
    this.setStmt = db.prepare(
      `INSERT INTO cursors (stream, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (stream) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    );
    this.allStmt = db.prepare<[], { stream: string; value: string; updated_at: string }>(
      'SELECT stream, value, updated_at FROM cursors ORDER BY stream',
    );
  }

  get(stream: string): string | undefined {
    return this.getStmt.get(stream)?.value;
  }

  set(stream: string, value: string): void {
    this.setStmt.run(stream, value, this.now());
  }

  all(): { stream: string; value: string; updatedAt: string }[] {
    return this.allStmt.all().map((r) => ({ stream: r.stream, value: r.value, updatedAt: r.updated_at }));
  }
}
