// The core of the Odoo client: login, execute_kw with the retry rules per kind of call, concurrency, counters.
import pLimit, { type LimitFunction } from 'p-limit';
import type { OdooConfig } from '../config/schema.js';
import { OdooFaultError, RemoteUnavailableError } from '../errors.js';
import { withRetry } from '../http/retry.js';
import { silentLogger, type Logger } from '../log/logger.js';
import { DEFAULT_CREDENTIALS_HINT, isNoneMarshalFault, parseFault } from './faults.js';
import { VersionInfo } from './models.js';
import { OdooStats } from './stats.js';
import { OdooRawFault, type OdooTransport } from './transport.js';
import { OdooNetworkError, XmlRpcTransport } from './xmlrpc-transport.js';

/**
 * How a call may be repeated after a failure whose outcome is unknown (timeout, dropped connection, 5xx):
 * `read` and `idempotent` calls are sent again; `once` calls only when Odoo cannot have received them.
 */
export type CallPolicy = 'read' | 'idempotent' | 'once';

/** Methods that only read: retried on any transient failure. */
export const READ_METHODS: ReadonlySet<string> = new Set([
  'search', 'search_read', 'read', 'search_count', 'fields_get', 'name_search', 'check_access_rights', 'has_access', 'exists', 'read_group', 'default_get',
]);
/** Methods whose repetition changes nothing more (same values written, already confirmed): retried. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['write', 'unlink', 'button_confirm']);
/** Methods that return None in Odoo 18: the "cannot marshal None" fault means they succeeded (ODOO18.md 2g). */
export const NONE_RETURNING_METHODS: ReadonlySet<string> = new Set(['button_cancel', 'button_unlock', 'button_done']);

export function policyFor(method: string): CallPolicy {
  if (READ_METHODS.has(method)) return 'read';
  if (IDEMPOTENT_METHODS.has(method)) return 'idempotent';
  return 'once';
}

export type OdooClientConfig = Pick<
  OdooConfig,
  'url' | 'database' | 'login' | 'password' | 'apiKey' | 'allowInsecureHttp' | 'timeoutMs' | 'pageSize' | 'batchSize' | 'concurrency' | 'retry'
>;

export interface OdooClientOptions {
  config: OdooClientConfig;
  logger?: Logger | undefined;
  /** Defaults to XML-RPC over the configured URL. */
  transport?: OdooTransport | undefined;
  /** Shown when the login is refused (e.g. name the --admin-* flags instead of the config). */
  credentialsHint?: string | undefined;
  maxResponseBytes?: number | undefined;
}

export interface KwOptions {
  /** Overrides the policy derived from the method name. */
  policy?: CallPolicy | undefined;
  /** The method returns None: treat the marshalling fault as success (result null). */
  returnsNone?: boolean | undefined;
  /**
   * Run before re-sending a call whose first attempt may have been applied; a non-undefined result is
   * taken as the call's result (e.g. a create found by its key), and makes a `once` call retryable.
   */
  recover?: (() => Promise<unknown>) | undefined;
}

export class OdooRpc {
  readonly stats = new OdooStats();
  protected readonly config: OdooClientConfig;
  protected readonly logger: Logger;
  private readonly transport: OdooTransport;
  private readonly limit: LimitFunction;
  private readonly credentialsHint: string;
  private uidPromise: Promise<number> | undefined;

  constructor(options: OdooClientOptions) {
    this.config = options.config;
    this.logger = options.logger ?? silentLogger();
    this.transport =
      options.transport ??
      new XmlRpcTransport({
        url: options.config.url,
        allowInsecureHttp: options.config.allowInsecureHttp,
        timeoutMs: options.config.timeoutMs,
        maxResponseBytes: options.maxResponseBytes,
      });
    this.limit = pLimit(options.config.concurrency);
    this.credentialsHint = options.credentialsHint ?? DEFAULT_CREDENTIALS_HINT;
  }

  get login(): string {
    return this.config.login;
  }

  /** The API key when configured, else the password: Odoo accepts either in the same place. */
  private get secret(): string {
    return this.config.apiKey ?? this.config.password ?? '';
  }

  async version(): Promise<VersionInfo> {
    const raw = await this.send('common.version', 'common', 'version', [], { policy: 'read' });
    const parsed = VersionInfo.safeParse(raw);
    if (!parsed.success) throw new RemoteUnavailableError('odoo', 'the server at odoo.url does not look like Odoo (unexpected version() reply)');
    return parsed.data;
  }

  /** Logs in once (later calls reuse the uid); a refused login is an OdooFaultError kind bad_credentials (exit 3). */
  authenticate(): Promise<number> {
    this.uidPromise ??= (async () => {
      const { database, login } = this.config;
      const uid = await this.send('common.authenticate', 'common', 'authenticate', [database, login, this.secret, {}], { policy: 'read' });
      if (typeof uid !== 'number' || uid <= 0) {
        throw new OdooFaultError('bad_credentials', 3, `Odoo refused the login "${login}" on database "${database}"`, { hint: this.credentialsHint });
      }
      return uid;
    })();
    this.uidPromise.catch(() => (this.uidPromise = undefined));
    return this.uidPromise;
  }

  /** One `execute_kw` call: positional `args`, keyword `kwargs`; faults become OdooFaultError. */
  async executeKw<T = unknown>(model: string, method: string, args: readonly unknown[] = [], kwargs: Record<string, unknown> = {}, options: KwOptions = {}): Promise<T> {
    const uid = await this.authenticate();
    const params = [this.config.database, uid, this.secret, model, method, [...args], kwargs];
    const returnsNone = options.returnsNone ?? NONE_RETURNING_METHODS.has(method);
    return (await this.send(`${model}.${method}`, 'object', 'execute_kw', params, {
      policy: options.policy ?? policyFor(method),
      returnsNone,
      recover: options.recover,
      model,
      method,
    })) as T;
  }

  close(): void {
    this.transport.close();
  }

  private async send(key: string, service: 'common' | 'object', method: string, params: unknown[], options: KwOptions & { model?: string; method?: string }): Promise<unknown> {
    const started = performance.now();
    const policy = options.policy ?? 'read';
    let last: OdooNetworkError | undefined;
    try {
      return await withRetry(
        async (attempt) => {
          if (attempt > 1) {
            this.stats.retry(key);
            if (last?.sent && options.recover) {
              const found = await options.recover();
              if (found !== undefined) return found;
            }
          }
          this.stats.roundTrip(key);
          try {
            return await this.limit(() => this.transport.call(service, method, params));
          } catch (err) {
            if (err instanceof OdooNetworkError) last = err;
            if (!(err instanceof OdooRawFault)) throw err;
            if (options.returnsNone && isNoneMarshalFault(err.faultCode, err.faultString)) return null;
            this.stats.fault(key);
            throw parseFault(err.faultCode, err.faultString, { model: options.model, method: options.method, credentialsHint: this.credentialsHint });
          }
        },
        this.config.retry,
        {
          isRetryable: (err) => err instanceof OdooNetworkError && err.transient && (policy !== 'once' || !err.sent || options.recover !== undefined),
          onRetry: ({ attempt, error }) => this.logger.debug('retrying an Odoo call', { call: key, attempt, reason: error instanceof OdooNetworkError ? error.reason : undefined }),
        },
      );
    } catch (err) {
      if (!(err instanceof OdooNetworkError)) throw err;
      const unknownOutcome = err.sent && policy === 'once' && options.recover === undefined;
      throw new RemoteUnavailableError('odoo', `Odoo ${key}: ${err.message}`, {
        hint: unknownOutcome
          ? 'the call may have been applied in Odoo before the connection failed; it was not sent again, check the record before retrying'
          : err.reason === 'too_large' || err.reason === 'http_status'
            ? 'check odoo.url (it must point at the Odoo server) and odoo.pageSize'
            : 'check that Odoo is running and reachable at odoo.url; the call was retried',
        details: { call: key, reason: err.reason, status: err.status, unknownOutcome },
      });
    } finally {
      this.stats.time(key, performance.now() - started);
    }
  }
}
