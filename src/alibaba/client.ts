// The 1688 API client: signed param2 calls, paced and retried, classified at the boundary, validated with zod.
import type { Got } from 'got';
import type { z } from 'zod';
import type { AlibabaConfig } from '../config/schema.js';
import { AlibabaApiError, AuthError, RemoteUnavailableError } from '../errors.js';
import { ResponseTooLargeError, maskFields, send } from '../http/got.js';
import { RemotePacer } from '../http/limiter.js';
import { parseRetryAfter, withRetry } from '../http/retry.js';
import type { Logger } from '../log/logger.js';
import { FLOW_CONTROL_CODES, UnknownOutcomeError, classifyAnswer, networkError, neverSent, retryAfterOf } from './classify.js';
import { stringifyWithBigInts } from './json.js';
import { formatZodIssue, normaliseBusinessError, type BusinessError } from './schemas.js';
import { signAop, urlPathFor } from './sign.js';

export { UnknownOutcomeError } from './classify.js';

export interface ApiRef {
  namespace: string;
  name: string;
  version?: number;
}

/** A parameter value; objects and arrays are sent as JSON. */
export type ParamValue = string | number | boolean | bigint | null | undefined | object;

export interface CallOptions {
  /** Business errors (HTTP 200 with success:false) this caller handles: the body is validated and returned instead. */
  acceptBusinessError?: (error: BusinessError) => boolean;
  /**
   * false for a call that must never be repeated blindly (fastCreateOrder): it is resent only when the
   * gateway provably did not run it (flow control, connection refused); otherwise an UnknownOutcomeError.
   */
  idempotent?: boolean;
  signal?: AbortSignal;
}

/** Where the client gets its access token (the TokenProvider). */
export interface AccessTokenSource {
  accessToken(): Promise<string>;
  refresh(rejected?: string): Promise<{ accessToken: string }>;
}

export interface AlibabaClientOptions {
  config: AlibabaConfig;
  tokens: AccessTokenSource;
  http: Got;
  logger: Logger;
  /** One pacer per remote; built from config.alibaba.rateLimit and concurrency when not given. */
  pacer?: RemotePacer;
}

export interface AlibabaClientStats {
  calls: number;
  callsByApi: Record<string, number>;
  attempts: number;
  retries: number;
  flowControlled: number;
  tokenRefreshes: number;
  failures: number;
  /** List items dropped because they failed validation. */
  droppedItems: number;
  rateLimitWaitMs: number;
  retryAfterWaitMs: number;
}

/** The gateway rejected the access token (HTTP 401): refresh once and call again. */
class TokenRejectedError extends AuthError {
  constructor(api: string, message: string) {
    super(`1688 rejected the access token for ${api}: ${message}`);
  }
}

/** The form values as sent: empty values dropped, objects and arrays as JSON (big ids kept exact). */
export function encodeParams(params: Readonly<Record<string, ParamValue>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    out[key] = typeof value === 'object' ? stringifyWithBigInts(value) : String(value);
  }
  return out;
}

export class AlibabaClient {
  readonly pacer: RemotePacer;
  private readonly counters = { calls: 0, attempts: 0, retries: 0, flowControlled: 0, tokenRefreshes: 0, failures: 0, droppedItems: 0, retryAfterWaitMs: 0 };
  private readonly byApi: Record<string, number> = {};
  private lastPenalty = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: AlibabaClientOptions) {
    this.pacer = options.pacer ?? new RemotePacer(options.config.rateLimit, options.config.concurrency);
  }

  get logger(): Logger {
    return this.options.logger;
  }

  get stats(): AlibabaClientStats {
    return { ...this.counters, callsByApi: { ...this.byApi }, rateLimitWaitMs: Math.round(this.pacer.limiter.waitedMs) };
  }

  /** Counts list items an API module dropped as malformed. */
  countDropped(n = 1): void {
    this.counters.droppedItems += n;
  }

  /** Calls one API and returns its answer validated by `schema`. */
  async call<S extends z.ZodType>(api: ApiRef, params: Readonly<Record<string, ParamValue>>, schema: S, options: CallOptions = {}): Promise<z.output<S>> {
    const name = `${api.namespace}:${api.name}`;
    this.counters.calls++;
    this.byApi[name] = (this.byApi[name] ?? 0) + 1;
    const form = encodeParams(params);
    let refreshed = false;
    try {
      for (;;) {
        const token = await this.options.tokens.accessToken();
        try {
          const body = await this.attempts(api, name, form, token, options);
          return this.validate(name, body, schema, options);
        } catch (err) {
          if (!(err instanceof TokenRejectedError) || refreshed) throw err;
          refreshed = true;
          this.counters.tokenRefreshes++;
          await this.options.tokens.refresh(token);
        }
      }
    } catch (err) {
      this.counters.failures++;
      throw err;
    }
  }

  private async attempts(api: ApiRef, name: string, form: Record<string, string>, token: string, options: CallOptions): Promise<unknown> {
    const idempotent = options.idempotent !== false;
    const { retry } = this.options.config;
    try {
      return await withRetry(() => this.pacer.run(() => this.once(api, name, form, token, idempotent, options.signal), options.signal), retry, {
        isRetryable: (err) => err instanceof AlibabaApiError && err.retryable,
        retryAfterMs: retryAfterOf,
        onRetry: ({ attempt, error }) => {
          this.counters.retries++;
          this.logger.debug('1688 call failed, retrying', { api: name, attempt, error });
        },
        onWait: (ms) => (this.counters.retryAfterWaitMs += ms),
        signal: options.signal,
      });
    } catch (err) {
      if (err instanceof AlibabaApiError && err.retryable) {
        const flow = FLOW_CONTROL_CODES.has(err.platformCode);
        throw new RemoteUnavailableError('1688', `1688 unavailable after ${retry.maxAttempts} attempts (${name}): ${err.message}`, {
          cause: err,
          hint: flow ? 'lower alibaba.rateLimit or alibaba.concurrency' : 'try again later; check the network and https://open.1688.com status',
        });
      }
      throw err;
    }
  }

  private async once(api: ApiRef, name: string, form: Record<string, string>, token: string, idempotent: boolean, signal: AbortSignal | undefined): Promise<unknown> {
    this.counters.attempts++;
    const { appKey, appSecret, gatewayUrl } = this.options.config;
    if (!appSecret) throw new AuthError('alibaba.appSecret is not configured', { hint: 'set alibaba.appSecret (or alibaba.appSecretFile)' });
    const path = urlPathFor(api.version ?? 1, api.namespace, api.name, appKey);
    const signed: Record<string, string> = { ...form, access_token: token, _aop_timestamp: String(Date.now()) };
    signed['_aop_signature'] = signAop(path, signed, appSecret);
    let response;
    try {
      response = await send<string>(this.options.http, { method: 'POST', url: `${gatewayUrl.replace(/\/$/, '')}/openapi/${path}`, form: signed, responseType: 'text', signal });
    } catch (err) {
      if (err instanceof ResponseTooLargeError) throw new AlibabaApiError('bad_response', err.message, { api: name });
      if (!idempotent && !neverSent(err)) throw new UnknownOutcomeError(name, err);
      throw networkError(err, name);
    }
    const retryAfter = response.headers['retry-after'];
    const verdict = classifyAnswer({ status: response.statusCode, body: response.body, api: name, retryAfterMs: parseRetryAfter(retryAfter) });
    if (verdict.kind === 'ok') {
      this.pacer.limiter.succeeded();
      return verdict.body;
    }
    if (verdict.kind === 'token_rejected') throw new TokenRejectedError(name, verdict.message);
    const { error } = verdict;
    if (verdict.flowControl) this.flowControlled();
    if (verdict.badParams) this.logger.warn('1688 rejected the request', { api: name, platformCode: error.platformCode, message: error.message, params: maskFields(signed) });
    if (!idempotent && error.retryable && !verdict.flowControl) throw new UnknownOutcomeError(name, error);
    throw error;
  }

  /** One slow-down per second at most: the rejections of one burst are one congestion signal, not many. */
  private flowControlled(): void {
    this.counters.flowControlled++;
    const now = performance.now();
    if (now - this.lastPenalty < 1_000) return;
    this.lastPenalty = now;
    this.pacer.limiter.penalize();
    this.logger.debug('1688 flow control: slowing down', { rate: this.pacer.limiter.rate });
  }

  private validate<S extends z.ZodType>(name: string, body: unknown, schema: S, options: CallOptions): z.output<S> {
    const business = normaliseBusinessError(body);
    if (business && !(options.acceptBusinessError?.(business) ?? false)) {
      throw new AlibabaApiError(business.code, business.message || 'business error', { api: name, httpStatus: 200, retryable: false });
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AlibabaApiError('bad_response', `unexpected answer: ${issue ? formatZodIssue(issue) : 'invalid'}`, { api: name, httpStatus: 200 });
    }
    return parsed.data;
  }
}
