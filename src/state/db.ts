// Opens the SQLite state file (mode 0600, WAL, busy timeout, foreign keys) and migrates it.
import { closeSync, chmodSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { StateError } from '../errors.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';

export type Db = Database.Database;

const SQLITE_MAGIC = 'SQLite format 3\0';

export interface OpenStateOptions {
  /** Fail instead of creating a missing file (read-only commands on a path given by mistake). */
  mustExist?: boolean;
}

/** Opens (creating if needed) and migrates the state file. Never modifies a file it cannot use. */
export function openState(file: string, options: OpenStateOptions = {}): Db {
  const existed = existsSync(file);
  if (existed) {
    checkHeader(file);
  } else if (options.mustExist) {
    throw new StateError(`state file ${file} does not exist`, {
      hint: 'check --state or state.path; a new file is created by the first sync command',
    });
  } else {
    try {
      closeSync(openSync(file, 'a', 0o600));
    } catch (err) {
      throw new StateError(`cannot create state file ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, {
        hint: 'check that the folder exists and is writable, or pass --state <file>',
        cause: err,
      });
    }
  }
  let db: Db;
  try {
    db = new Database(file, { timeout: 5_000 });
  } catch (err) {
    throw new StateError(`cannot open state file ${file}: ${(err as Error).message}`, {
      hint: 'check the file permissions, or pass --state <file>',
      cause: err,
    });
  }
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new StateError(
        `state file ${file} was written by a newer version of alibaba-odoo-sync (schema ${version}, this version knows ${SCHEMA_VERSION})`,
        { hint: 'upgrade alibaba-odoo-sync, or point --state at another file' },
      );
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, version);
  } catch (err) {
    db.close();
    if (err instanceof StateError) throw err;
    throw new StateError(`state file ${file} cannot be used: ${(err as Error).message}`, {
      hint: 'restore it from a backup, or move it aside and let the next run start a new one',
      cause: err,
    });
  }
  try {
    chmodSync(file, 0o600);
  } catch {
    // Not ours to change (e.g. a read-only mount); the file's own mode stands.
  }
  return db;
}

function migrate(db: Db, from: number): void {
  for (let version = from; version < SCHEMA_VERSION; version += 1) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}

/** Refuses a file that is not SQLite, before SQLite gets a chance to touch it. */
function checkHeader(file: string): void {
  const size = statSync(file).size;
  if (size === 0) return;
  const header = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (size < 100 || header.toString('latin1') !== SQLITE_MAGIC) {
    throw new StateError(`state file ${file} is not an alibaba-odoo-sync state database (it was left untouched)`, {
      hint: 'check --state or state.path; if the file is damaged, restore it from a backup or move it aside to start afresh',
    });
  }
}

/** ISO time used in every table. */
export function isoNow(clock: () => Date = () => new Date()): string {
  return clock().toISOString();
}
