// Shared types of the Odoo simulator: values, field and model definitions, the per-call environment.
import type { Store } from './store.js';
import type { Registry } from './registry.js';

/** A value as it travels over XML-RPC (Odoo never sends nil: false stands for "empty"). */
export type Val = string | number | boolean | Val[] | { [key: string]: Val };
export type Vals = Record<string, Val>;
/** A stored record: raw column values (many2one = id or false, many2many = id list). */
export type Rec = Record<string, Val> & { id: number };

export type FieldType =
  | 'char' | 'text' | 'html' | 'integer' | 'float' | 'monetary' | 'boolean' | 'date' | 'datetime'
  | 'selection' | 'many2one' | 'one2many' | 'many2many' | 'binary';

export interface FieldDef {
  type: FieldType;
  string: string;
  required?: boolean;
  readonly?: boolean;
  relation?: string;
  /** one2many: the many2one field on the comodel pointing back. */
  inverseName?: string;
  selection?: [string, string][];
  default?: Val | ((env: Env, vals: Vals) => Val);
  /** Non-stored computed value. */
  compute?: (env: Env, rec: Rec) => Val;
  /** Write handler for computed or delegated fields. */
  setter?: (env: Env, rec: Rec, value: Val) => void;
  /** Read-through path, e.g. ['product_tmpl_id', 'name'] (writes go to the target record). */
  related?: [string, string];
  /** Installed-module gate: the field exists only when this module is installed. */
  module?: string;
  /** ir.model.fields state. */
  state?: 'base' | 'manual';
  /** Image fields are validated as base64 images. */
  image?: boolean;
}

export type MethodImpl = (env: Env, ids: number[], args: Val[], kwargs: Vals) => Val | undefined;

export interface ModelDef {
  name: string;
  description: string;
  module: string;
  order: string;
  fields: Record<string, FieldDef>;
  /** Python class name used in TypeError texts. */
  className?: string;
  recName?: string;
  displayName?: (env: Env, rec: Rec) => string;
  parentName?: string;
  mailThread?: boolean;
  /** Model-specific public methods (return undefined = Python None). */
  methods?: Record<string, MethodImpl>;
  /** Fill computed create values (e.g. sequence names) before insertion. */
  prepareCreate?: (env: Env, vals: Vals) => void;
  afterCreate?: (env: Env, ids: number[], valsList: Vals[]) => void;
  afterWrite?: (env: Env, ids: number[], vals: Vals) => void;
  beforeUnlink?: (env: Env, ids: number[]) => void;
  /** Python-level constraints run after create/write (raise OdooFault). */
  constrain?: (env: Env, ids: number[]) => void;
}

export interface SimUser {
  uid: number;
  login: string;
  password: string;
  apiKeys: string[];
  groups: string[];
}

/** Shared mutable flags of a running simulator, visible to model logic. */
export interface SimFlags {
  /** Set when product.product records were created: the next execute_kw re-checks the password. */
  registryCacheCleared: boolean;
}

export interface Env {
  store: Store;
  registry: Registry;
  uid: number;
  groups: ReadonlySet<string>;
  context: Vals;
  flags: SimFlags;
  now: () => string;
  /** Superuser mode skips access checks (internal side effects, seeding). */
  sudo: boolean;
}
