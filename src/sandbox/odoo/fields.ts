// Terse constructors for field definitions, so model files read like Odoo's field tables.
import type { FieldDef } from './types.js';

type Opts = Omit<Partial<FieldDef>, 'type' | 'string'>;

export const char = (string: string, o: Opts = {}): FieldDef => ({ type: 'char', string, ...o });
export const text = (string: string, o: Opts = {}): FieldDef => ({ type: 'text', string, ...o });
export const html = (string: string, o: Opts = {}): FieldDef => ({ type: 'html', string, ...o });
export const int = (string: string, o: Opts = {}): FieldDef => ({ type: 'integer', string, ...o });
export const float = (string: string, o: Opts = {}): FieldDef => ({ type: 'float', string, ...o });
export const money = (string: string, o: Opts = {}): FieldDef => ({ type: 'monetary', string, ...o });
export const bool = (string: string, o: Opts = {}): FieldDef => ({ type: 'boolean', string, ...o });
export const date = (string: string, o: Opts = {}): FieldDef => ({ type: 'date', string, ...o });
export const datetime = (string: string, o: Opts = {}): FieldDef => ({ type: 'datetime', string, ...o });
export const binary = (string: string, o: Opts = {}): FieldDef => ({ type: 'binary', string, ...o });
export const image = (string: string, o: Opts = {}): FieldDef => ({ type: 'binary', string, image: true, ...o });

export const sel = (selection: [string, string][], string: string, o: Opts = {}): FieldDef =>
  ({ type: 'selection', string, selection, ...o });
export const m2o = (relation: string, string: string, o: Opts = {}): FieldDef =>
  ({ type: 'many2one', string, relation, ...o });
export const o2m = (relation: string, inverseName: string, string: string, o: Opts = {}): FieldDef =>
  ({ type: 'one2many', string, relation, inverseName, ...o });
export const m2m = (relation: string, string: string, o: Opts = {}): FieldDef =>
  ({ type: 'many2many', string, relation, ...o });

/** Odoo's default for empty values of a field type (read returns false, x2many []). */
export function emptyValue(f: FieldDef): false | [] | 0 {
  if (f.type === 'one2many' || f.type === 'many2many') return [];
  if (f.type === 'integer' || f.type === 'float' || f.type === 'monetary') return 0;
  return false;
}

export function isRelational(f: FieldDef): boolean {
  return f.type === 'many2one' || f.type === 'one2many' || f.type === 'many2many';
}

export function isStored(f: FieldDef): boolean {
  return !f.compute && !f.related && f.type !== 'one2many';
}
