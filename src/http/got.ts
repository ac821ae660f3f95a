// The got factory: no got retries, bounded time and size, no redirects for API calls, request logs with secrets masked.
import { readFileSync } from 'node:fs';
import got, { type CancelableRequest, type Got, type Method, type OptionsInit, type Response } from 'got';
import type { Redactor } from '../config/redact.js';
import { isSecretKey, MASK } from '../config/redact.js';
import type { Logger } from '../log/logger.js';

/** 20 MB: far above any API answer or product image; a bigger body is aborted. */
export const DEFAULT_MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

export interface HttpOptions {
  timeoutMs: number;
  logger: Logger;
  redactor: Redactor;
  /** Label in logs: `1688`, `odoo`, `images`. */
  remote: string;
  maxResponseBytes?: number;
  /** Only for downloads that carry no credentials (images): follow redirects, dropping auth headers. */
  followRedirects?: boolean;
}

let version: string | undefined;
function userAgent(): string {
  version ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return `alibaba-odoo-sync/${version}`;
}

/** Request fields masked in logs besides the redactor's secret-looking keys (an OAuth `code` is a credential). */
const REQUEST_SECRETS = new Set(['code', 'access_token', 'refresh_token', 'client_secret', '_aop_signature', 'authorization', 'cookie']);
const isRequestSecret = (key: string): boolean => REQUEST_SECRETS.has(key.toLowerCase()) || isSecretKey(key);

/** A URL with the values of secret query parameters masked. */
export function maskUrl(url: string | URL): string {
  const parsed = new URL(url);
  for (const key of [...parsed.searchParams.keys()]) if (isRequestSecret(key)) parsed.searchParams.set(key, MASK);
  return parsed.toString();
}

/** Form fields or headers with secret values masked. */
export function maskFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) out[key] = isRequestSecret(key) ? MASK : value;
  return out;
}

export function createHttp(options: HttpOptions): Got {
  const { logger, redactor, remote } = options;
  const follow = options.followRedirects === true;
  return got.extend({
    retry: { limit: 0 },
    timeout: { request: options.timeoutMs },
    throwHttpErrors: false,
    followRedirect: follow,
    maxRedirects: follow ? 5 : 0,
    headers: { 'user-agent': userAgent() },
    hooks: {
      beforeRequest: [
        (request) => {
          if (!logger.isEnabled('debug')) return;
          const form = request.form as Record<string, unknown> | undefined;
          logger.debug('http request', {
            remote,
            method: request.method,
            url: redactor.text(maskUrl(request.url as URL)),
            headers: maskFields(request.headers),
            ...(form ? { form: maskFields(form) } : {}),
          });
        },
      ],
      beforeRedirect: [
        (request, response) => {
          // A redirect must never carry credentials to another host.
          const from = new URL(response.url);
          const to = request.url as URL;
          if (from.host !== to.host) {
            for (const key of Object.keys(request.headers)) if (isRequestSecret(key)) delete request.headers[key];
          }
        },
      ],
      afterResponse: [
        (response) => {
          if (logger.isEnabled('debug')) {
            logger.debug('http response', { remote, status: response.statusCode, url: redactor.text(maskUrl(response.url)), ms: response.timings.phases.total });
          }
          return response;
        },
      ],
    },
  });
}

/** The body was larger than allowed; the transfer was aborted. */
export class ResponseTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`response larger than ${limit} bytes, aborted`);
    this.name = 'ResponseTooLargeError';
  }
}

export interface SendOptions {
  method: Method;
  url: string;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  responseType: 'text' | 'buffer';
  maxResponseBytes?: number;
  signal?: AbortSignal | undefined;
}

/** One request with the body size bounded; resolves with any status (the caller classifies it). */
export async function send<T extends string | Buffer>(http: Got, options: SendOptions): Promise<Response<T>> {
  const limit = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const init: OptionsInit = { method: options.method, responseType: options.responseType };
  if (options.form) init.form = options.form;
  if (options.headers) init.headers = options.headers;
  if (options.signal) init.signal = options.signal;
  const request = http(options.url, init) as CancelableRequest<Response<T>>;
  let tooLarge = false;
  void request.on('downloadProgress', ({ transferred, total }) => {
    if (!tooLarge && (transferred > limit || (total ?? 0) > limit)) {
      tooLarge = true;
      request.cancel();
    }
  });
  try {
    return await request;
  } catch (err) {
    if (tooLarge) throw new ResponseTooLargeError(limit);
    throw err;
  }
}
