// The state store: opens the file once and wires every repository module over it.
import { CursorRepo } from './cursors.js';
import { Sealer } from './crypto.js';
import { openState, type Db, type OpenStateOptions } from './db.js';
import { DeadLetterRepo } from './dead-letters.js';
import { InboxRepo } from './inbox.js';
import { JobRepo } from './jobs.js';
import { LinkRepo } from './links.js';
import { LockRepo } from './locks.js';
import { OutboxRepo } from './outbox.js';
import { RunRepo } from './runs.js';
import { StockRepo } from './stock.js';
import { TokenRepo } from './tokens.js';

export interface StoreOptions extends OpenStateOptions {
  encryptionKey?: string | undefined;
  clock?: () => Date;
}

export class Store {
  readonly db: Db;
  readonly file: string;
  readonly cursors: CursorRepo;
  readonly links: LinkRepo;
  readonly outbox: OutboxRepo;
  readonly jobs: JobRepo;
  readonly deadLetters: DeadLetterRepo;
  readonly inbox: InboxRepo;
  readonly tokens: TokenRepo;
  readonly runs: RunRepo;
  readonly locks: LockRepo;
  readonly stock: StockRepo;

  constructor(file: string, options: StoreOptions = {}) {
    const clock = options.clock ?? (() => new Date());
    const now = (): string => clock().toISOString();
    const sealer = new Sealer(options.encryptionKey);
    this.file = file;
    this.db = openState(file, options);
    this.cursors = new CursorRepo(this.db, now);
    this.links = new LinkRepo(this.db, now);
    this.outbox = new OutboxRepo(this.db, sealer, now);
    this.deadLetters = new DeadLetterRepo(this.db, sealer, now);
    this.jobs = new JobRepo(this.db, sealer, this.deadLetters, clock);
    this.inbox = new InboxRepo(this.db, sealer, now);
    this.tokens = new TokenRepo(this.db, sealer, now);
    this.runs = new RunRepo(this.db, now);
    this.locks = new LockRepo(this.db, clock);
    this.stock = new StockRepo(this.db, now);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
