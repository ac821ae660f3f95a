// Jobs: the work queue with attempts, backoff, leases; a job that runs out of attempts becomes a dead letter.
import type { Sealer } from './crypto.js';
import type { Db } from './db.js';
import type { DeadLetterRepo, FailureInfo } from './dead-letters.js';

export interface Job {
  id: number;
  kind: string;
  key: string;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
  nextRunAt: string;
  lastError: string | null;
  firstErrorAt: string | null;
  correlationId: string | null;
}

interface Row {
  id: number;
  kind: string;
  key: string;
  payload: string | null;
  attempts: number;
  max_attempts: number;
  next_run_at: string;
  last_error: string | null;
  first_error_at: string | null;
  correlation_id: string | null;
}

export class JobRepo {
  private readonly upsertStmt;
  private readonly dueStmt;
  private readonly leaseStmt;
  private readonly deleteStmt;
  private readonly retryStmt;
  private readonly getStmt;
  private readonly depthStmt;
  private readonly byKeyStmt;
  private readonly deleteByKeyStmt;

  constructor(
    private readonly db: Db,
    private readonly sealer: Sealer,
    private readonly deadLetters: DeadLetterRepo,
    private readonly clock: () => Date,
  ) {
    this.upsertStmt = db.prepare(
      `INSERT INTO jobs (kind, key, payload, max_attempts, next_run_at, correlation_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (kind, key) DO UPDATE SET payload = excluded.payload,
         next_run_at = MIN(jobs.next_run_at, excluded.next_run_at), updated_at = excluded.updated_at`,
    );
    this.dueStmt = db.prepare<[string, string, string, string, number], Row>(
      `SELECT * FROM jobs WHERE (? = '' OR kind = ?) AND next_run_at <= ?
         AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_run_at, id LIMIT ?`,
    );
    this.leaseStmt = db.prepare('UPDATE jobs SET lease_owner = ?, lease_until = ? WHERE id = ?');
    this.deleteStmt = db.prepare('DELETE FROM jobs WHERE id = ?');
    this.retryStmt = db.prepare(
      `UPDATE jobs SET attempts = attempts + 1, next_run_at = ?, lease_owner = NULL, lease_until = NULL,
         last_error = ?, first_error_at = COALESCE(first_error_at, ?), updated_at = ? WHERE id = ?`,
    );
    this.getStmt = db.prepare<[number], Row>('SELECT * FROM jobs WHERE id = ?');
    this.byKeyStmt = db.prepare<[string, string], Row>('SELECT * FROM jobs WHERE kind = ? AND key = ?');
    this.deleteByKeyStmt = db.prepare('DELETE FROM jobs WHERE kind = ? AND key = ?');
    this.depthStmt = db.prepare<[], { kind: string; n: number }>('SELECT kind, COUNT(*) AS n FROM jobs GROUP BY kind');
  }

  enqueue(
    kind: string,
    key: string,
    payload: unknown,
    options: { runAt?: Date; maxAttempts?: number; correlationId?: string } = {},
  ): void {
    const now = this.clock().toISOString();
    this.upsertStmt.run(
      kind,
      key,
      this.sealer.seal(JSON.stringify(payload ?? null)),
      options.maxAttempts ?? 5,
      (options.runAt ?? this.clock()).toISOString(),
      options.correlationId ?? null,
      now,
      now,
    );
  }

  /** Leases up to `limit` due jobs to `owner` for `leaseMs`, atomically. */
  claim(owner: string, options: { kind?: string; limit?: number; leaseMs?: number } = {}): Job[] {
    const now = this.clock();
    const until = new Date(now.getTime() + (options.leaseMs ?? 5 * 60_000)).toISOString();
    const kind = options.kind ?? '';
    return this.db
      .transaction(() => {
        const rows = this.dueStmt.all(kind, kind, now.toISOString(), now.toISOString(), options.limit ?? 100);
        for (const row of rows) this.leaseStmt.run(owner, until, row.id);
        return rows.map((r) => this.toJob(r));
      })
      .immediate();
  }

  complete(id: number): void {
    this.deleteStmt.run(id);
  }

  /**
   * Records a failed attempt: schedules a retry after `backoffMs`, or moves the job to the dead letters
   * when it is permanent or out of attempts.
   */
  fail(job: Job, failure: FailureInfo, options: { permanent: boolean; backoffMs: number }): 'retry' | 'dead' {
    const now = this.clock();
    const exhausted = job.attempts + 1 >= job.maxAttempts;
    if (!options.permanent && !exhausted) {
      this.retryStmt.run(
        new Date(now.getTime() + options.backoffMs).toISOString(),
        failure.message,
        now.toISOString(),
        now.toISOString(),
        job.id,
      );
      return 'retry';
    }
    this.db.transaction(() => {
      this.deadLetters.add({
        kind: job.kind,
        key: job.key,
        payload: job.payload,
        attempts: job.attempts + 1,
        failure,
        correlationId: job.correlationId,
        firstFailedAt: job.firstErrorAt ?? now.toISOString(),
      });
      this.deleteStmt.run(job.id);
    })();
    return 'dead';
  }

  /**
   * Records a failure of a record that a flow processed directly (not claimed from the queue): the record
   * becomes (or stays) a job due after `backoffMs`, or a dead letter when permanent or out of attempts.
   */
  recordFailure(
    kind: string,
    key: string,
    payload: unknown,
    failure: FailureInfo,
    options: { permanent: boolean; backoffMs: number; maxAttempts?: number; correlationId?: string },
  ): 'retry' | 'dead' {
    return this.db.transaction(() => {
      this.enqueue(kind, key, payload, {
        maxAttempts: options.maxAttempts ?? 5,
        ...(options.correlationId ? { correlationId: options.correlationId } : {}),
      });
      const job = this.byKey(kind, key)!;
      return this.fail({ ...job, payload }, failure, options);
    })();
  }

  /** Keys of the jobs of a kind that are due now (not leased by a live worker). */
  dueKeys(kind: string): string[] {
    const now = this.clock().toISOString();
    return this.dueStmt.all(kind, kind, now, now, 1_000_000).map((r) => r.key);
  }

  byKey(kind: string, key: string): Job | undefined {
    const row = this.byKeyStmt.get(kind, key);
    return row ? this.toJob(row) : undefined;
  }

  /** Completes the job for this record if there is one (a retried record that now succeeded). */
  completeByKey(kind: string, key: string): void {
    this.deleteByKeyStmt.run(kind, key);
  }

  get(id: number): Job | undefined {
    const row = this.getStmt.get(id);
    return row ? this.toJob(row) : undefined;
  }

  depth(): Record<string, number> {
    return Object.fromEntries(this.depthStmt.all().map((r) => [r.kind, r.n]));
  }

  private toJob(r: Row): Job {
    return {
      id: r.id,
      kind: r.kind,
      key: r.key,
      payload: r.payload ? (JSON.parse(this.sealer.open(r.payload)) as unknown) : null,
      attempts: r.attempts,
      maxAttempts: r.max_attempts,
      nextRunAt: r.next_run_at,
      lastError: r.last_error,
      firstErrorAt: r.first_error_at,
      correlationId: r.correlation_id,
    };
  }
}
