// The Odoo wire protocol seam: one interface (XML-RPC now, Odoo 19's JSON-2 beside it later) and the URL policy.
import { isLoopback } from '../config/load.js';
import { ConfigError } from '../errors.js';

/** Raw faults as Odoo sent them; the client classifies them (faults.ts). */
export class OdooRawFault extends Error {
  constructor(
    readonly faultCode: number,
    readonly faultString: string,
  ) {
    // The message stays short: the fault string may be a 70-line traceback.
    super(`Odoo fault ${faultCode}`);
    this.name = 'OdooRawFault';
  }
}

/** Sends one call to an Odoo service (`common` or `object`); rejects with OdooRawFault or RemoteUnavailableError. */
export interface OdooTransport {
  call(service: 'common' | 'object', method: string, params: unknown[]): Promise<unknown>;
  /** Releases pooled connections. */
  close(): void;
}

export interface TransportOptions {
  url: string;
  allowInsecureHttp: boolean;
  /** Per call, from sending the request to the last byte of the reply. */
  timeoutMs: number;
  /** Replies larger than this are cut off and fail (default 50 MB). */
  maxResponseBytes?: number | undefined;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024;

/**
 * Parses the Odoo URL and refuses plain http to anything but a loopback host (the password would travel
 * in clear) unless explicitly allowed. The config validates this too; the client refuses on its own.
 */
export function checkOdooUrl(url: string, allowInsecureHttp: boolean): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError([`odoo.url: not a valid URL: ${url}`]);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new ConfigError([`odoo.url: expected an http(s) URL, got ${parsed.protocol}`]);
  }
  if (parsed.protocol === 'http:' && !isLoopback(parsed.hostname) && !allowInsecureHttp) {
    throw new ConfigError(
      ['odoo.url: plain http to a non-loopback host sends the password in clear; use https or set odoo.allowInsecureHttp: true'],
      { hint: 'use an https:// URL for Odoo' },
    );
  }
  return parsed;
}
