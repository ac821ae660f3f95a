// In-memory tables with a many2one reverse index and an undo log, so each RPC call is one transaction.
import type { Rec, Val } from './types.js';

type Undo =
  | { kind: 'insert'; model: string; id: number }
  | { kind: 'update' | 'remove'; model: string; id: number; old: Rec };

/** Raw storage; no validation or access checks (see orm-*.ts for Odoo semantics). */
export class Store {
  private readonly tables = new Map<string, Map<number, Rec>>();
  private readonly nextIds = new Map<string, number>();
  private readonly sequences = new Map<string, number>();
  /** model -> field -> target id -> record ids. */
  private readonly index = new Map<string, Map<string, Map<number, Set<number>>>>();
  private undo: Undo[] | null = null;
  /** Which fields of a model are many2one (indexed); provided by the registry. */
  m2oFields: (model: string) => readonly string[] = () => [];
  /** Called when a transaction is rolled back (lets the registry drop caches). */
  onRollback: (models: ReadonlySet<string>) => void = () => undefined;

  table(model: string): Map<number, Rec> {
    let t = this.tables.get(model);
    if (!t) {
      t = new Map();
      this.tables.set(model, t);
    }
    return t;
  }

  get(model: string, id: number): Rec | undefined {
    return this.tables.get(model)?.get(id);
  }

  all(model: string): IterableIterator<Rec> {
    return this.table(model).values();
  }

  count(model: string): number {
    return this.tables.get(model)?.size ?? 0;
  }

  /** Ids of `model` records whose many2one `field` points at `target`. */
  referencing(model: string, field: string, target: number): number[] {
    const set = this.index.get(model)?.get(field)?.get(target);
    return set ? [...set].sort((a, b) => a - b) : [];
  }

  /** Ids are never reused, even after a rollback (like PostgreSQL sequences). */
  allocateId(model: string): number {
    const id = this.nextIds.get(model) ?? 1;
    this.nextIds.set(model, id + 1);
    return id;
  }

  /** Make sure later allocations start above `id` (used by seeding with fixed ids). */
  reserveId(model: string, id: number): void {
    if ((this.nextIds.get(model) ?? 1) <= id) this.nextIds.set(model, id + 1);
  }

  nextSequence(name: string): number {
    const n = (this.sequences.get(name) ?? 0) + 1;
    this.sequences.set(name, n);
    return n;
  }

  insert(model: string, rec: Rec): void {
    this.reserveId(model, rec.id);
    this.put(model, rec.id, rec);
    this.undo?.push({ kind: 'insert', model, id: rec.id });
  }

  update(model: string, id: number, patch: Record<string, Val>): void {
    const old = this.get(model, id);
    if (!old) throw new Error(`store: ${model}(${id}) missing`);
    this.undo?.push({ kind: 'update', model, id, old });
    this.put(model, id, { ...old, ...patch, id });
  }

  remove(model: string, id: number): void {
    const old = this.get(model, id);
    if (!old) return;
    this.undo?.push({ kind: 'remove', model, id, old });
    this.put(model, id, undefined);
  }

  begin(): void {
    this.undo = [];
  }

  commit(): void {
    this.undo = null;
  }

  rollback(): void {
    const log = this.undo ?? [];
    this.undo = null;
    const touched = new Set<string>();
    for (let i = log.length - 1; i >= 0; i--) {
      const u = log[i] as Undo;
      touched.add(u.model);
      this.put(u.model, u.id, u.kind === 'insert' ? undefined : u.old);
    }
    if (touched.size) this.onRollback(touched);
  }

  private put(model: string, id: number, rec: Rec | undefined): void {
    const table = this.table(model);
    const old = table.get(id);
    const fields = this.m2oFields(model);
    if (fields.length) {
      let byField = this.index.get(model);
      if (!byField) {
        byField = new Map();
        this.index.set(model, byField);
      }
      for (const f of fields) {
        const before = old?.[f];
        const after = rec?.[f];
        if (before === after) continue;
        let idx = byField.get(f);
        if (!idx) {
          idx = new Map();
          byField.set(f, idx);
        }
        if (typeof before === 'number') idx.get(before)?.delete(id);
        if (typeof after === 'number') {
          let s = idx.get(after);
          if (!s) {
            s = new Set();
            idx.set(after, s);
          }
          s.add(id);
        }
      }
    }
    if (rec) table.set(id, rec);
    else table.delete(id);
  }
}
