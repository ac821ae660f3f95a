// HTTP front of the simulator: XML-RPC over POST, cost model (latency, password re-checks), injected faults.
import http from 'node:http';
import type { Socket } from 'node:net';
import type { Val } from './types.js';
import type { CallInfo, OdooCore } from './core.js';
import type { FaultInjector, FaultKind } from './chaos.js';
import { OdooFault, pythonFault } from './faults.js';
import { countCall, type OdooSimStats } from './stats.js';
import { parseMethodCall, serializeFault, serializeResponse, type MethodCall } from './xmlrpc-codec.js';

export interface CostModel {
  /** Added to every call (default 0). */
  latencyMs: number;
  /** PBKDF2 password check paid by authenticate and by the execute_kw after a product.product create (real: ~600). */
  passwordCheckMs: number;
}

export const MAX_BODY_BYTES = 10 * 1024 * 1024;

const ROUTES: Record<string, 'common' | 'object'> = {
  '/xmlrpc/2/common': 'common', '/xmlrpc/2/object': 'object', '/xmlrpc/common': 'common', '/xmlrpc/object': 'object',
};

export interface ServerDeps {
  core: OdooCore;
  stats: OdooSimStats;
  faults: FaultInjector;
  cost: CostModel;
}

export class SimServer {
  readonly http: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private passwordCheckPending = false;
  private closed = false;

  constructor(private readonly deps: ServerDeps) {
    this.http = http.createServer((req, res) => this.handle(req, res));
    this.http.keepAliveTimeout = 5_000;
    this.http.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, host, () => {
        const addr = this.http.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
    });
  }

  close(): Promise<void> {
    this.closed = true;
    this.timers.forEach((t) => clearTimeout(t));
    this.timers.clear();
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.http.close(() => resolve()));
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const service = ROUTES[(req.url ?? '').split('?')[0] ?? ''];
    if (!service) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found');
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { 'Content-Type': 'text/plain', Allow: 'POST' }).end('Method Not Allowed');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413, { 'Content-Type': 'text/plain', Connection: 'close' }).end('Request Entity Too Large');
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES || this.closed) return;
      void this.serve(service, Buffer.concat(chunks).toString('utf8'), req, res);
    });
  }

  private async serve(service: 'common' | 'object', body: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const { core, stats, faults, cost } = this.deps;
    let call: MethodCall | undefined;
    let parseError: OdooFault | undefined;
    try {
      call = parseMethodCall(body);
    } catch (e) {
      parseError = pythonFault(`xml.parsers.expat.ExpatError: ${(e as Error).message}`, 20);
    }
    const method = call?.method ?? '?';
    const model = service === 'object' && typeof call?.params[3] === 'string' ? call.params[3] : undefined;
    const modelMethod = service === 'object' && typeof call?.params[4] === 'string' ? call.params[4] : method;
    countCall(stats, service, model, modelMethod);
    const fault = faults.decide({ service, model, method: modelMethod });
    if (fault && fault !== 'drop-after') return this.inject(fault, req, res);

    let delay = cost.latencyMs;
    if (service === 'common' && (method === 'authenticate' || method === 'login')) {
      delay += cost.passwordCheckMs;
      stats.passwordChecks++;
    } else if (service === 'object' && this.passwordCheckPending) {
      this.passwordCheckPending = false;
      delay += cost.passwordCheckMs;
      stats.passwordChecks++;
    }
    stats.simulatedMs += delay;
    await this.sleep(delay);
    if (this.closed) return;

    let xml: string;
    if (parseError || !call) {
      stats.faults++;
      xml = serializeFault(1, (parseError as OdooFault).faultString);
    } else {
      xml = this.execute(service, call);
    }
    if (core.flags.registryCacheCleared) {
      core.flags.registryCacheCleared = false;
      this.passwordCheckPending = true;
    }
    if (fault === 'drop-after') return this.inject(fault, req, res);
    res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': Buffer.byteLength(xml) });
    res.end(xml);
  }

  private execute(service: 'common' | 'object', call: MethodCall): string {
    const { core, stats } = this.deps;
    const info: CallInfo = { service, method: call.method };
    try {
      const result: Val = service === 'common' ? core.common(call.method, call.params) : core.object(call.method, call.params, info);
      if (service === 'object' && info.modelMethod === 'create') {
        stats.recordsCreated += Array.isArray(result) ? result.length : 1;
      }
      return serializeResponse(result);
    } catch (e) {
      stats.faults++;
      if (e instanceof OdooFault) return serializeFault(e.code, e.faultString);
      const err = e as Error;
      return serializeFault(1, pythonFault(`Exception: simulator internal error: ${err.message}`).faultString);
    }
  }

  private inject(kind: FaultKind, req: http.IncomingMessage, res: http.ServerResponse): void {
    switch (kind) {
      case 'http500':
      case 'http502': {
        const code = kind === 'http500' ? 500 : 502;
        const text = code === 500 ? 'Internal Server Error' : 'Bad Gateway';
        res.writeHead(code, { 'Content-Type': 'text/html', Connection: 'close' }).end(`<html><body><h1>${code} ${text}</h1></body></html>`);
        return;
      }
      case 'drop-before':
      case 'drop-after':
        req.socket.destroy();
        return;
      case 'timeout': {
        const t = setTimeout(() => {
          this.timers.delete(t);
          req.socket.destroy();
        }, this.deps.faults.timeoutMs);
        this.timers.add(t);
        return;
      }
    }
  }
}
