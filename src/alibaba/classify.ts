// Pure classification of 1688 gateway answers and transport failures into retryable, auth and final errors.
import { AlibabaApiError } from '../errors.js';
import { parseJsonPreservingBigInts } from './json.js';
import { GatewayError } from './schemas.js';

export const FLOW_CONTROL_CODES: ReadonlySet<string> = new Set(['gw.QosAppFrequencyLimit', 'gw.QosApiFrequencyLimit']);
export const SERVER_CODES: ReadonlySet<string> = new Set(['ISPInvokeError', 'ISPInvokeTimeout']);
const PARAM_CODES = /^gw\.Param|^gw\.Signature|^gw\.AppKey/;
/** Token problems besides HTTP 401 (the platform's spelling varies; any gateway code naming the token). */
const TOKEN_CODE = /token/i;
/** Transport failures where the request certainly never reached the remote. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export const ACL_HINT = 'grant this API to the app key in the 1688 developer console (open.1688.com > app > API permissions)';

/** What a gateway answer means for the caller. */
export type GatewayVerdict =
  | { kind: 'ok'; body: unknown }
  | { kind: 'token_rejected'; message: string }
  | { kind: 'error'; error: AlibabaApiError; flowControl: boolean; badParams: boolean };

export interface RawAnswer {
  status: number;
  body: string;
  api: string;
  retryAfterMs?: number | undefined;
}

function parse(text: string): unknown {
  try {
    return parseJsonPreservingBigInts(text);
  } catch {
    return undefined;
  }
}

/** Sorts an HTTP answer: 2xx JSON passes, 401 and token codes ask for a refresh, the rest become AlibabaApiError. */
export function classifyAnswer(answer: RawAnswer): GatewayVerdict {
  const { status, api } = answer;
  const body = parse(answer.body);
  if (status >= 200 && status < 300) {
    if (body === undefined) {
      return { kind: 'error', error: new AlibabaApiError('bad_response', 'the answer is not JSON', { api, httpStatus: status }), flowControl: false, badParams: false };
    }
    return { kind: 'ok', body };
  }
  const gw = GatewayError.safeParse(body);
  const code = gw.success ? gw.data.code : `http_${status}`;
  const message = gw.success ? gw.data.message : `HTTP ${status}${answer.body.trim() === '' ? '' : `: ${answer.body.slice(0, 200)}`}`;
  const requestId = gw.success ? gw.data.requestId : undefined;
  if (status === 401 || (status < 500 && TOKEN_CODE.test(code))) return { kind: 'token_rejected', message };
  const flowControl = FLOW_CONTROL_CODES.has(code);
  const server = status >= 500 || SERVER_CODES.has(code);
  const extra = {
    api,
    httpStatus: status,
    requestId,
    retryable: flowControl || server,
    ...(code === 'gw.APIACLDecline' ? { hint: ACL_HINT } : {}),
    ...(flowControl ? { hint: 'lower alibaba.rateLimit or alibaba.concurrency' } : {}),
    ...(answer.retryAfterMs !== undefined ? { details: { retryAfterMs: answer.retryAfterMs } } : {}),
  };
  const badParams = status === 400 && !flowControl && (PARAM_CODES.test(code) || code === 'http_400');
  return { kind: 'error', error: new AlibabaApiError(code, message || code, extra), flowControl, badParams };
}

/** The error code of a transport failure (got's RequestError, a Node socket error), if any. */
export function transportCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const name = (err as { name?: unknown }).name;
  return name === 'TimeoutError' ? 'ETIMEDOUT' : undefined;
}

/** True when a transport failure proves the request was never delivered (safe to resend even a non-idempotent call). */
export function neverSent(err: unknown): boolean {
  const code = transportCode(err);
  return code !== undefined && NOT_SENT_CODES.has(code);
}

/** A transport failure as a retryable AlibabaApiError (`network`), keeping the cause. */
export function networkError(err: unknown, api: string): AlibabaApiError {
  const code = transportCode(err) ?? 'unknown';
  const message = err instanceof Error ? err.message : String(err);
  return new AlibabaApiError('network', `${code}: ${message}`, { api, retryable: true, cause: err, details: { transportCode: code, neverSent: neverSent(err) } });
}

/**
 * A non-idempotent call (creating an order) whose outcome is unknown: the request may have been
 * processed. Look the result up (by outOrderId) before sending anything again.
 */
export class UnknownOutcomeError extends AlibabaApiError {
  constructor(api: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('unknown_outcome', `no answer, the call may or may not have taken effect (${reason})`, {
      api,
      retryable: false,
      cause,
      hint: 'look the order up by outOrderId before submitting it again',
    });
    this.name = 'UnknownOutcomeError';
  }
}

/** The retry-after wait an error carries (from a Retry-After header), in milliseconds. */
export function retryAfterOf(err: unknown): number | undefined {
  if (!(err instanceof AlibabaApiError)) return undefined;
  const value = err.details?.['retryAfterMs'];
  return typeof value === 'number' ? value : undefined;
}
