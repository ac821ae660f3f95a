// Runs: one row per command run with its outcome, counts and time per phase, for `status` and alerts.
import type { Db } from './db.js';

export type RunOutcome = 'ok' | 'partial' | 'failed' | 'locked' | 'running';

export interface RunRecord {
  id: number;
  runId: string;
  command: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: RunOutcome | null;
  exitCode: number | null;
  counts: Record<string, number>;
  phases: Record<string, number>;
  error: string | null;
}

interface Row {
  id: number;
  run_id: string;
  command: string;
  started_at: string;
  finished_at: string | null;
  outcome: string | null;
  exit_code: number | null;
  counts: string | null;
  phases: string | null;
  error: string | null;
}

const toRecord = (r: Row): RunRecord => ({
  id: r.id,
  runId: r.run_id,
  command: r.command,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  outcome: r.outcome as RunOutcome | null,
  exitCode: r.exit_code,
  counts: r.counts ? (JSON.parse(r.counts) as Record<string, number>) : {},
  phases: r.phases ? (JSON.parse(r.phases) as Record<string, number>) : {},
  error: r.error,
});

export class RunRepo {
  private readonly startStmt;
  private readonly finishStmt;
  private readonly recentStmt;
  private readonly latestStmt;

  constructor(db: Db, private readonly now: () => string) {
    this.startStmt = db.prepare("INSERT INTO runs (run_id, command, started_at, outcome) VALUES (?, ?, ?, 'running')");
    this.finishStmt = db.prepare(
      'UPDATE runs SET finished_at = ?, outcome = ?, exit_code = ?, counts = ?, phases = ?, error = ? WHERE id = ?',
    );
    this.recentStmt = db.prepare<[number], Row>('SELECT * FROM runs ORDER BY id DESC LIMIT ?');
    this.latestStmt = db.prepare<[], Row>(
      'SELECT * FROM runs WHERE id IN (SELECT MAX(id) FROM runs GROUP BY command) ORDER BY command',
    );
  }

  start(command: string, runId: string): number {
    return Number(this.startStmt.run(runId, command, this.now()).lastInsertRowid);
  }

  finish(
    id: number,
    result: { outcome: RunOutcome; exitCode: number; counts?: Record<string, number>; phases?: Record<string, number>; error?: string | null },
  ): void {
    this.finishStmt.run(
      this.now(),
      result.outcome,
      result.exitCode,
      JSON.stringify(result.counts ?? {}),
      JSON.stringify(result.phases ?? {}),
      result.error ?? null,
      id,
    );
  }

  recent(limit = 10): RunRecord[] {
    return this.recentStmt.all(limit).map(toRecord);
  }

  /** The latest run of each command. */
  latestPerCommand(): RunRecord[] {
    return this.latestStmt.all().map(toRecord);
  }
}
