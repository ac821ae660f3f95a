// XML-RPC over http(s) with the xmlrpc package's codec: keep-alive, a per-call timeout, a bounded reply, classified failures.
import http from 'node:http';
import https from 'node:https';
import Deserializer from 'xmlrpc/lib/deserializer.js';
import { serializeMethodCall } from 'xmlrpc/lib/serializer.js';
import { checkOdooUrl, DEFAULT_MAX_RESPONSE_BYTES, OdooRawFault, type OdooTransport, type TransportOptions } from './transport.js';

export type NetworkReason = 'timeout' | 'connection' | 'refused' | 'http_5xx' | 'http_status' | 'too_large' | 'bad_reply';

/** A call that did not get a usable answer. `sent: false` means Odoo cannot have run it (safe to send again). */
export class OdooNetworkError extends Error {
  constructor(
    readonly reason: NetworkReason,
    message: string,
    readonly sent: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'OdooNetworkError';
  }

  /** Worth another attempt for a call that is safe to repeat. */
  get transient(): boolean {
    return this.reason !== 'http_status' && this.reason !== 'too_large';
  }
}

/** Errors raised before a single byte left for the server. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

export class XmlRpcTransport implements OdooTransport {
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;

  constructor(options: TransportOptions) {
    this.base = checkOdooUrl(options.url, options.allowInsecureHttp);
    this.timeoutMs = options.timeoutMs;
    this.maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    // Idle sockets are dropped before common server keep-alive limits (5 s) so a reused socket is rarely a closed one.
    const agentOptions = { keepAlive: true, maxSockets: 16, timeout: 4_000 };
    this.agent = this.base.protocol === 'https:' ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
  }

  close(): void {
    this.agent.destroy();
  }

  call(service: 'common' | 'object', method: string, params: unknown[]): Promise<unknown> {
    const body = serializeMethodCall(method, params);
    const prefix = this.base.pathname.replace(/\/+$/, '');
    const request = this.base.protocol === 'https:' ? https.request : http.request;
    return new Promise((resolve, reject) => {
      let settled = false;
      let failure: OdooNetworkError | undefined;
      const finish = (err: Error | undefined, value?: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) reject(err);
        else resolve(value);
      };
      /** Records why the call is being torn down, then tears it down; the first reason wins. */
      const abort = (why: OdooNetworkError): void => {
        failure ??= why;
        req.destroy(why);
      };
      const req = request(
        {
          protocol: this.base.protocol,
          hostname: this.base.hostname,
          port: this.base.port || undefined,
          path: `${prefix}/xmlrpc/2/${service}`,
          method: 'POST',
          agent: this.agent,
          headers: { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(body), Accept: 'text/xml', 'User-Agent': 'alibaba-odoo-sync' },
        },
        (res) => {
          const status = res.statusCode ?? 0;
          if (status !== 200) {
            res.resume();
            const reason: NetworkReason = status >= 500 ? 'http_5xx' : 'http_status';
            finish(new OdooNetworkError(reason, `Odoo answered HTTP ${status} ${res.statusMessage ?? ''}`.trim(), true, status));
            return;
          }
          let bytes = 0;
          res.on('data', (chunk: Buffer | string) => {
            bytes += chunk.length;
            if (bytes > this.maxBytes) {
              const why = new OdooNetworkError('too_large', `Odoo's reply exceeded ${this.maxBytes} bytes; ask for fewer records or fields per call`, true);
              failure ??= why;
              res.destroy(why);
            }
          });
          new Deserializer('utf8').deserializeMethodResponse(res, (error, result) => {
            if (failure) return finish(failure);
            if (!error) return finish(undefined, result);
            if (typeof error.faultCode === 'number' || typeof error.faultString === 'string') {
              return finish(new OdooRawFault(Number(error.faultCode ?? 1), typeof error.faultString === 'string' ? error.faultString : ''));
            }
            finish(classify(error, true));
          });
        },
      );
      const timer = setTimeout(() => abort(new OdooNetworkError('timeout', `Odoo did not answer within ${this.timeoutMs} ms`, true)), this.timeoutMs);
      req.on('error', (err) => finish(failure ?? classify(err, false)));
      req.end(body);
    });
  }
}

function classify(err: Error & { code?: unknown }, gotResponse: boolean): OdooNetworkError {
  if (err instanceof OdooNetworkError) return err;
  const code = typeof err.code === 'string' ? err.code : undefined;
  if (code && NOT_SENT.has(code)) return new OdooNetworkError('refused', `cannot connect to Odoo (${code})`, false);
  if (gotResponse && !code) return new OdooNetworkError('bad_reply', `Odoo's reply is not valid XML-RPC: ${err.message.split('\n')[0] ?? ''}`, true);
  return new OdooNetworkError('connection', `the connection to Odoo failed (${code ?? err.message})`, true);
}
