// Locks: a lease per name so two overlapping runs cannot both write; dead or expired holders are taken over.
import { hostname } from 'node:os';
import { LockedError } from '../errors.js';
import type { Db } from './db.js';

export interface LockHolder {
  pid: number;
  host: string;
  runId: string;
}

export interface LockRow {
  name: string;
  holderPid: number;
  holderHost: string;
  holderRun: string;
  acquiredAt: string;
  expiresAt: string;
}

interface Row {
  name: string;
  holder_pid: number;
  holder_host: string;
  holder_run: string;
  acquired_at: string;
  expires_at: string;
}

/** True when a process with this pid exists on this host. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class LockRepo {
  private readonly getStmt;
  private readonly putStmt;
  private readonly renewStmt;
  private readonly releaseStmt;
  private readonly listStmt;

  constructor(private readonly db: Db, private readonly clock: () => Date, private readonly isAlive = processAlive) {
    this.getStmt = db.prepare<[string], Row>('SELECT * FROM locks WHERE name = ?');
    this.putStmt = db.prepare(
      `INSERT INTO locks (name, holder_pid, holder_host, holder_run, acquired_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET holder_pid = excluded.holder_pid, holder_host = excluded.holder_host,
         holder_run = excluded.holder_run, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at`,
    );
    this.renewStmt = db.prepare('UPDATE locks SET expires_at = ? WHERE name = ? AND holder_run = ?');
    this.releaseStmt = db.prepare('DELETE FROM locks WHERE name = ? AND holder_run = ?');
    this.listStmt = db.prepare<[], Row>('SELECT * FROM locks ORDER BY name');
  }

  /**
   * Takes the leases named, all or none, in one IMMEDIATE transaction (so two processes cannot both
   * see them free). A lease held by a live process that has not expired raises LockedError.
   */
  acquire(names: readonly string[], holder: LockHolder, ttlMs: number): void {
    this.db
      .transaction(() => {
        const now = this.clock();
        for (const name of names) {
          const row = this.getStmt.get(name);
          if (row && row.holder_run !== holder.runId && !this.takeable(row, now)) {
            throw new LockedError(
              `another run holds the ${name} lock: pid ${row.holder_pid} on ${row.holder_host} since ${row.acquired_at} (lease until ${row.expires_at})`,
              { hint: 'wait for it to finish; a lease whose holder died is taken over automatically' },
            );
          }
        }
        const expires = new Date(now.getTime() + ttlMs).toISOString();
        for (const name of names) {
          this.putStmt.run(name, holder.pid, holder.host, holder.runId, now.toISOString(), expires);
        }
      })
      .immediate();
  }

  /** Extends the leases this run holds; returns false if one was taken over meanwhile. */
  renew(names: readonly string[], runId: string, ttlMs: number): boolean {
    const expires = new Date(this.clock().getTime() + ttlMs).toISOString();
    let all = true;
    for (const name of names) all = this.renewStmt.run(expires, name, runId).changes === 1 && all;
    return all;
  }

  release(names: readonly string[], runId: string): void {
    for (const name of names) this.releaseStmt.run(name, runId);
  }

  list(): LockRow[] {
    return this.listStmt.all().map((r) => ({
      name: r.name,
      holderPid: r.holder_pid,
      holderHost: r.holder_host,
      holderRun: r.holder_run,
      acquiredAt: r.acquired_at,
      expiresAt: r.expires_at,
    }));
  }

  private takeable(row: Row, now: Date): boolean {
    if (new Date(row.expires_at) <= now) return true;
    return row.holder_host === hostname() && !this.isAlive(row.holder_pid);
  }
}
