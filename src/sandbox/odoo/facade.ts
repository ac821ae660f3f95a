// In-process access for tests: seed and inspect records without RPC, as the superuser, one transaction each.
import type { Val, Vals } from './types.js';
import type { OdooCore } from './core.js';
import { read, searchIds, type SearchOptions } from './orm-read.js';
import { create, unlink, write } from './orm-write.js';

export class SimStore {
  constructor(private readonly core: OdooCore) {}

  private run<T>(fn: (env: ReturnType<OdooCore['env']>) => T, context: Vals = {}): T {
    const out = this.core.transaction(() => fn(this.core.env(1, context, true)));
    // Seeding through the back door must not make the next RPC pay the password re-check.
    this.core.flags.registryCacheCleared = false;
    return out;
  }

  create(model: string, vals: Vals): number;
  create(model: string, vals: Vals[]): number[];
  create(model: string, vals: Vals | Vals[]): number | number[] {
    const ids = this.run((env) => create(env, model, Array.isArray(vals) ? vals : [vals]));
    return Array.isArray(vals) ? ids : (ids[0] as number);
  }

  write(model: string, ids: number | number[], vals: Vals): void {
    this.run((env) => write(env, model, Array.isArray(ids) ? ids : [ids], vals));
  }

  unlink(model: string, ids: number | number[]): void {
    this.run((env) => unlink(env, model, Array.isArray(ids) ? ids : [ids]));
  }

  /** Ids matching an Odoo domain; archived records only when the domain mentions `active` or activeTest is false. */
  search(model: string, domain: Val[] = [], opts: SearchOptions & { activeTest?: boolean } = {}): number[] {
    const context: Vals = opts.activeTest === false ? { active_test: false } : {};
    return this.run((env) => searchIds(env, model, domain, opts), context);
  }

  /** Records as read() returns them over RPC (many2one as [id, name]). */
  read(model: string, ids: number | number[], fields?: string[]): Vals[] {
    return this.run((env) => read(env, model, Array.isArray(ids) ? ids : [ids], fields ?? false));
  }

  searchRead(model: string, domain: Val[] = [], fields?: string[], opts: SearchOptions & { activeTest?: boolean } = {}): Vals[] {
    return this.read(model, this.search(model, domain, opts), fields);
  }

  /** One record as read() returns it, or undefined. */
  get(model: string, id: number, fields?: string[]): Vals | undefined {
    return this.read(model, id, fields)[0];
  }

  count(model: string, domain: Val[] = [], opts: { activeTest?: boolean } = {}): number {
    return this.search(model, domain, opts).length;
  }

  /** Calls a public model method (button_confirm, button_validate, ...) as the superuser. */
  call(model: string, method: string, ids: number[], kwargs: Vals = {}): Val | undefined {
    return this.run((env) => {
      const def = this.core.registry.model(model);
      const fn = def?.methods?.[method];
      if (!fn) throw new Error(`${model}.${method} is not a simulated model method`);
      return fn(env, ids, [], kwargs);
    }, typeof kwargs.context === 'object' && !Array.isArray(kwargs.context) ? kwargs.context : {});
  }
}
