// The simulated Odoo server without HTTP: common (version, authenticate) and object (execute_kw) services.
import type { Env, ModelDef, SimFlags, Val, Vals } from './types.js';
import { expandGroups } from './access.js';
import { callMethod } from './dispatch.js';
import type { OdooFault} from './faults.js';
import { accessDenied, missingRecord, pythonFault, userError } from './faults.js';
import { Registry } from './registry.js';
import { Store } from './store.js';
import { formatDatetime } from './xmlrpc-codec.js';
import { asText, ids, str } from './values.js';

export const VERSION_INFO: Val = {
  server_version: '18.0-20250506',
  server_version_info: [18, 0, 0, 'final', 0, ''],
  server_serie: '18.0',
  protocol_version: 1,
};

const NONE_FAULT = 'TypeError: cannot marshal None unless allow_none is enabled';

/** What one call did, for stats and the cost model. */
export interface CallInfo {
  service: 'common' | 'object' | 'db';
  method: string;
  model?: string;
  modelMethod?: string;
}

export class OdooCore {
  readonly store = new Store();
  readonly registry: Registry;
  readonly flags: SimFlags = { registryCacheCleared: false };

  constructor(defs: ModelDef[], installed: Set<string>, readonly db: string, private readonly clock: () => Date) {
    this.registry = new Registry(defs, installed, this.store);
  }

  now(): string {
    return formatDatetime(this.clock());
  }

  /** An environment for in-process use; `uid` 1 with sudo is the superuser. */
  env(uid: number, context: Vals = {}, sudo = false): Env {
    const user = this.store.get('res.users', uid);
    const groupNames = ids(user?.groups_id).map((g) => {
      const r = this.store.get('res.groups', g);
      return `${str(r?.category)}/${str(r?.name)}`;
    });
    return {
      store: this.store, registry: this.registry, uid, groups: expandGroups(groupNames), context,
      flags: this.flags, now: () => this.now(), sudo,
    };
  }

  /** Runs `fn` as one transaction: any exception rolls back everything it did. */
  transaction<T>(fn: () => T): T {
    this.store.begin();
    try {
      const out = fn();
      this.store.commit();
      return out;
    } catch (e) {
      this.store.rollback();
      throw e;
    }
  }

  private unknownDb(db: Val): OdooFault {
    return pythonFault(`psycopg2.OperationalError: connection to server at "127.0.0.1", port 5432 failed: FATAL:  database "${asText(db)}" does not exist`, 70);
  }

  private checkPassword(uid: number, password: Val): boolean {
    const user = this.store.get('res.users', uid);
    if (!user || user.active === false || typeof password !== 'string' || !password) return false;
    return user._password === password || (Array.isArray(user._api_keys) && user._api_keys.includes(password));
  }

  common(method: string, params: Val[]): Val {
    switch (method) {
      case 'version':
        return VERSION_INFO;
      case 'login':
      case 'authenticate': {
        const [db, login, password] = params;
        if (db !== this.db) throw this.unknownDb(db ?? false);
        const user = [...this.store.all('res.users')].find((u) => u.login === login && u.active !== false);
        return user && this.checkPassword(user.id, password ?? false) ? user.id : false;
      }
      case 'about':
        return 'See http://openerp.com';
      default:
        throw pythonFault(`Exception: No such RPC method: ${method}`, 20);
    }
  }

  /** execute_kw / execute: authentication, model and method lookup, one transaction per call. */
  object(method: string, params: Val[], info: CallInfo): Val {
    if (method !== 'execute_kw' && method !== 'execute') throw pythonFault(`NameError: Method not available ${method}`, 20);
    const [db, uid, password, model, fn] = params;
    if (db !== this.db) throw this.unknownDb(db ?? false);
    if (typeof uid !== 'number') throw accessDenied();
    if (!this.store.get('res.users', uid)) throw missingRecord('res.users', [uid], uid);
    if (!this.checkPassword(uid, password ?? false)) throw accessDenied();
    const modelName = str(model);
    const fnName = str(fn);
    info.model = modelName;
    info.modelMethod = fnName;
    const def = this.registry.model(modelName);
    if (!def) throw userError(`Object ${modelName} doesn't exist`);
    let args: Val[];
    let kwargs: Vals = {};
    if (method === 'execute_kw') {
      args = Array.isArray(params[5]) ? params[5] : [];
      const kw = params[6];
      if (kw && typeof kw === 'object' && !Array.isArray(kw)) kwargs = kw;
    } else {
      args = params.slice(5);
    }
    const context = kwargs.context && typeof kwargs.context === 'object' && !Array.isArray(kwargs.context) ? kwargs.context : {};
    const env = this.env(uid, context);
    const result = this.transaction(() => callMethod(env, def, fnName, args, kwargs));
    // Odoo commits before marshalling the reply: a None result faults although the work is saved.
    if (result === undefined) throw pythonFault(NONE_FAULT, 60);
    return result;
  }
}
