// Links: external id <-> Odoo id per kind, with a content hash so unchanged records cost no write.
import type { Db } from './db.js';

export type LinkKind = 'offer' | 'sku' | 'supplier' | 'order' | 'picking' | 'attribute' | 'attribute_value' | 'image';

export interface Link {
  kind: LinkKind;
  externalId: string;
  odooId: number;
  hash: string | null;
  extra: Record<string, unknown> | null;
  updatedAt: string;
}

interface Row {
  kind: string;
  external_id: string;
  odoo_id: number;
  hash: string | null;
  extra: string | null;
  updated_at: string;
}

const toLink = (r: Row): Link => ({
  kind: r.kind as LinkKind,
  externalId: r.external_id,
  odooId: r.odoo_id,
  hash: r.hash,
  extra: r.extra ? (JSON.parse(r.extra) as Record<string, unknown>) : null,
  updatedAt: r.updated_at,
});

export class LinkRepo {
  private readonly getStmt;
  private readonly byOdooStmt;
  private readonly upsertStmt;
  private readonly deleteStmt;
  private readonly listStmt;
  private readonly countStmt;

  constructor(private readonly db: Db, private readonly now: () => string) {
    this.getStmt = db.prepare<[string, string], Row>('SELECT * FROM links WHERE kind = ? AND external_id = ?');
    this.byOdooStmt = db.prepare<[string, number], Row>('SELECT * FROM links WHERE kind = ? AND odoo_id = ?');
    this.upsertStmt = db.prepare(
      `INSERT INTO links (kind, external_id, odoo_id, hash, extra, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (kind, external_id) DO UPDATE SET odoo_id = excluded.odoo_id, hash = excluded.hash,
         extra = excluded.extra, updated_at = excluded.updated_at`,
    );
    this.deleteStmt = db.prepare('DELETE FROM links WHERE kind = ? AND external_id = ?');
    this.listStmt = db.prepare<[string], Row>('SELECT * FROM links WHERE kind = ? ORDER BY external_id');
    this.countStmt = db.prepare<[], { kind: string; n: number }>('SELECT kind, COUNT(*) AS n FROM links GROUP BY kind');
  }

  get(kind: LinkKind, externalId: string): Link | undefined {
    const row = this.getStmt.get(kind, externalId);
    return row ? toLink(row) : undefined;
  }

  byOdooId(kind: LinkKind, odooId: number): Link | undefined {
    const row = this.byOdooStmt.get(kind, odooId);
    return row ? toLink(row) : undefined;
  }

  /** Writes many links in one transaction. */
  upsert(links: readonly Omit<Link, 'updatedAt'>[]): void {
    const at = this.now();
    this.db.transaction(() => {
      for (const l of links) {
        this.upsertStmt.run(l.kind, l.externalId, l.odooId, l.hash, l.extra ? JSON.stringify(l.extra) : null, at);
      }
    })();
  }

  remove(kind: LinkKind, externalId: string): void {
    this.deleteStmt.run(kind, externalId);
  }

  list(kind: LinkKind): Link[] {
    return this.listStmt.all(kind).map(toLink);
  }

  counts(): Record<string, number> {
    return Object.fromEntries(this.countStmt.all().map((r) => [r.kind, r.n]));
  }
}
