// The simulator's loopback HTTP server: routes images, OAuth authorize, control and gateway requests.
import { createServer, type Server } from 'node:http';
import { handleControl } from './control.js';
import { createGateway } from './gateway.js';
import { formParams, readBody, sendJson } from './http-util.js';
import { pngFor } from './images.js';
import { authorize } from './oauth.js';
import type { GatewayOptions } from './gateway.js';
import type { SimulatorCore } from './simulator.js';

export function createSimulatorServer(core: SimulatorCore, options: GatewayOptions): Server {
  const gateway = createGateway({
    ctx: core.ctx,
    tokens: core.tokens,
    apis: core.apis,
    faults: core.faults,
    observed: core.observed,
    accepted: core.accepted,
    counters: core.counters,
    options,
    timers: core.timers,
  });
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const work = async (): Promise<void> => {
      if (url.pathname.startsWith('/img/')) {
        const png = pngFor(url.pathname);
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length, 'cache-control': 'max-age=86400' });
        res.end(png);
        return;
      }
      if (url.pathname === '/oauth/authorize') {
        const answer = authorize(core.ctx, core.tokens, url.searchParams);
        if (answer.location) {
          res.writeHead(302, { location: answer.location }).end();
          return;
        }
        return sendJson(res, answer.status, answer.body);
      }
      const text = await readBody(req);
      if (url.pathname.startsWith('/_control')) return handleControl(core, res, method, url.pathname, text);
      if (url.pathname.startsWith('/openapi/')) return gateway.handle(req, res, url.pathname, formParams(url, text));
      sendJson(res, 404, { error: `no route ${url.pathname}` });
    };
    work().catch((error: unknown) => {
      sendJson(res, 500, { error_code: 'ISPInvokeError', error_message: error instanceof Error ? error.message : 'internal error' });
    });
  });
}
