// Model registry: static definitions gated by installed modules, plus custom fields from ir.model.fields.
import type { FieldDef, ModelDef, Rec } from './types.js';
import type { Store } from './store.js';
import { datetime, int, m2o, char } from './fields.js';

const MAGIC: Record<string, FieldDef> = {
  id: int('ID', { readonly: true }),
  display_name: char('Display Name', { readonly: true, compute: () => false }),
  create_date: datetime('Created on', { readonly: true }),
  write_date: datetime('Last Updated on', { readonly: true }),
  create_uid: m2o('res.users', 'Created by', { readonly: true }),
  write_uid: m2o('res.users', 'Last Updated by', { readonly: true }),
};

const CUSTOM_TYPES = new Set([
  'char', 'text', 'html', 'integer', 'float', 'monetary', 'boolean', 'date', 'datetime', 'selection',
  'many2one', 'many2many', 'binary',
]);

export class Registry {
  private readonly defs = new Map<string, ModelDef>();
  private readonly cache = new Map<string, Map<string, FieldDef>>();
  private readonly m2oCache = new Map<string, string[]>();
  /** model name -> ir.model id (fixed at seeding). */
  readonly modelIds = new Map<string, number>();

  constructor(defs: ModelDef[], readonly installed: Set<string>, private readonly store: Store) {
    for (const d of defs) this.defs.set(d.name, d);
    store.m2oFields = (model) => this.m2oFieldNames(model);
    store.onRollback = (models) => {
      if (models.has('ir.model.fields') || models.has('ir.module.module')) this.invalidate();
    };
  }

  allDefs(): ModelDef[] {
    return [...this.defs.values()];
  }

  /** The model if it exists on this server (its module is installed). */
  model(name: string): ModelDef | undefined {
    const d = this.defs.get(name);
    return d && this.installed.has(d.module) ? d : undefined;
  }

  fields(model: string): Map<string, FieldDef> {
    let f = this.cache.get(model);
    if (f) return f;
    f = new Map();
    const def = this.defs.get(model);
    if (def) {
      for (const [name, fd] of Object.entries(MAGIC)) f.set(name, fd);
      for (const [name, fd] of Object.entries(def.fields)) {
        if (!fd.module || this.installed.has(fd.module)) f.set(name, fd);
      }
      const irId = this.modelIds.get(model);
      if (irId !== undefined) {
        for (const id of this.store.referencing('ir.model.fields', 'model_id', irId)) {
          const rec = this.store.get('ir.model.fields', id);
          if (rec && typeof rec.name === 'string' && !f.has(rec.name)) f.set(rec.name, customField(rec));
        }
      }
    }
    this.cache.set(model, f);
    return f;
  }

  field(model: string, name: string): FieldDef | undefined {
    return this.fields(model).get(name);
  }

  invalidate(): void {
    this.cache.clear();
    this.m2oCache.clear();
  }

  private m2oFieldNames(model: string): string[] {
    let names = this.m2oCache.get(model);
    if (!names) {
      names = [...this.fields(model)].filter(([, f]) => f.type === 'many2one' && !f.compute && !f.related)
        .map(([n]) => n);
      this.m2oCache.set(model, names);
    }
    return names;
  }
}

export function isCustomType(ttype: string): boolean {
  return CUSTOM_TYPES.has(ttype);
}

function customField(rec: Rec): FieldDef {
  const type = (typeof rec.ttype === 'string' && isCustomType(rec.ttype) ? rec.ttype : 'char') as FieldDef['type'];
  const fd: FieldDef = {
    type,
    string: typeof rec.field_description === 'string' ? rec.field_description : (typeof rec.name === 'string' ? rec.name : ''),
    state: rec.state === 'manual' ? 'manual' : 'base',
  };
  if (rec.required === true) fd.required = true;
  if (typeof rec.relation === 'string' && rec.relation) fd.relation = rec.relation;
  if (typeof rec.related === 'string' && rec.related.includes('.')) {
    const [a, b] = rec.related.split('.');
    fd.related = [a as string, b as string];
  }
  if (type === 'selection' && typeof rec.selection === 'string') {
    fd.selection = [...rec.selection.matchAll(/\(\s*'([^']*)'\s*,\s*'([^']*)'\s*\)/g)]
      .map((m) => [m[1] as string, m[2] as string]);
  }
  return fd;
}
