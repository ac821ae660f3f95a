// Alert state in the `alerts` table: one row per rule key, so a condition notifies once and resolves once.
import type { Db } from '../../state/db.js';

export interface AlertRecord {
  rule: string;
  state: 'firing' | 'resolved';
  summary: string;
  details: Record<string, unknown> | null;
  runId: string | null;
  command: string | null;
  firstFiredAt: string;
  lastFiredAt: string;
  resolvedAt: string | null;
  /** When a sink last accepted this state's notification; null while it is still owed. */
  lastSentAt: string | null;
}

interface Row {
  rule: string;
  state: 'firing' | 'resolved';
  summary: string;
  details: string | null;
  run_id: string | null;
  command: string | null;
  first_fired_at: string;
  last_fired_at: string;
  resolved_at: string | null;
  last_sent_at: string | null;
}

const toRecord = (r: Row): AlertRecord => ({
  rule: r.rule,
  state: r.state,
  summary: r.summary,
  details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null,
  runId: r.run_id,
  command: r.command,
  firstFiredAt: r.first_fired_at,
  lastFiredAt: r.last_fired_at,
  resolvedAt: r.resolved_at,
  lastSentAt: r.last_sent_at,
});

export class AlertStore {
  constructor(private readonly db: Db, private readonly now: () => string) {}

  get(rule: string): AlertRecord | undefined {
    const row = this.db.prepare<[string], Row>('SELECT * FROM alerts WHERE rule = ?').get(rule);
    return row ? toRecord(row) : undefined;
  }

  list(): AlertRecord[] {
    return this.db.prepare<[], Row>('SELECT * FROM alerts ORDER BY rule').all().map(toRecord);
  }

  firing(): AlertRecord[] {
    return this.list().filter((a) => a.state === 'firing');
  }

  /**
   * Records that the condition holds. Returns true when a firing notification is owed: the alert is new,
   * was resolved, or its earlier notification reached no sink. In one IMMEDIATE transaction, so two
   * overlapping runs cannot both claim the same notification.
   */
  fire(rule: string, info: { summary: string; details: Record<string, unknown>; runId: string; command: string }): boolean {
    return this.db
      .transaction(() => {
        const at = this.now();
        const current = this.get(rule);
        const fresh = current?.state !== 'firing';
        this.db
          .prepare(
            `INSERT INTO alerts (rule, state, summary, details, run_id, command, first_fired_at, last_fired_at)
             VALUES (?, 'firing', ?, ?, ?, ?, ?, ?)
             ON CONFLICT (rule) DO UPDATE SET state = 'firing', summary = excluded.summary, details = excluded.details,
               run_id = excluded.run_id, command = excluded.command, last_fired_at = excluded.last_fired_at,
               first_fired_at = CASE WHEN alerts.state = 'firing' THEN alerts.first_fired_at ELSE excluded.first_fired_at END,
               last_sent_at = CASE WHEN alerts.state = 'firing' THEN alerts.last_sent_at ELSE NULL END,
               resolved_at = NULL`,
          )
          .run(rule, info.summary, JSON.stringify(info.details), info.runId, info.command, at, at);
        return fresh || current.lastSentAt === null;
      })
      .immediate();
  }

  /**
   * Records that the condition cleared. Returns true when a resolve notification is owed: the alert was
   * firing and its firing was delivered, or an earlier resolve reached no sink. An alert whose firing
   * was never delivered resolves silently.
   */
  resolve(rule: string): boolean {
    return this.db
      .transaction(() => {
        const current = this.get(rule);
        if (!current) return false;
        if (current.state === 'resolved') return current.lastSentAt === null;
        const at = this.now();
        const owed = current.lastSentAt !== null;
        this.db
          .prepare("UPDATE alerts SET state = 'resolved', resolved_at = ?, last_sent_at = ? WHERE rule = ?")
          .run(at, owed ? null : at, rule);
        return owed;
      })
      .immediate();
  }

  /** A sink accepted the notification for the alert's current state. */
  markSent(rule: string): void {
    this.db.prepare('UPDATE alerts SET last_sent_at = ? WHERE rule = ?').run(this.now(), rule);
  }
}
