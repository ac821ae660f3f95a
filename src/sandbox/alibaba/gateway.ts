// The simulated API gateway: routing, flow control, signature, ACL, token and parameter checks, faults.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { verifyAopSignature } from '../../alibaba/sign.js';
import type { ApiTable, SimContext } from './context.js';
import type { CallWindow, FaultInjector } from './faults.js';
import { getToken, postponeToken, type OAuthAnswer, type TokenStore } from './oauth.js';
import { sendJson } from './http-util.js';
import { sleep } from './util.js';

export interface GatewayOptions {
  /** Accepted calls per sliding second; 0 means no limit. */
  rateLimitPerSecond: number;
  deniedApis: Set<string>;
}

export interface GatewayCounters {
  callsByApi: Record<string, number>;
  totalCalls: number;
  rejectedByFlowControl: number;
}

export interface Gateway {
  handle(req: IncomingMessage, res: ServerResponse, pathname: string, params: Record<string, string>): Promise<void>;
}

const PARAM2 = /^\/openapi\/param2\/(\d+)\/([^/]+)\/([^/]+)\/([^/]+)$/;
const HTTP_TOKEN = /^\/openapi\/http\/1\/system\.oauth2\/getToken\/([^/]+)$/;

interface Deps {
  ctx: SimContext;
  tokens: TokenStore;
  apis: ApiTable;
  faults: FaultInjector;
  observed: CallWindow;
  accepted: CallWindow;
  counters: GatewayCounters;
  options: GatewayOptions;
  timers: Set<NodeJS.Timeout>;
}

export function createGateway(deps: Deps): Gateway {
  const { ctx, tokens, apis, faults, counters, options } = deps;

  const gwError = (res: ServerResponse, status: number, code: string, message: string): void =>
    sendJson(res, status, { error_code: code, error_message: message, request_id: randomBytes(8).toString('hex') });
  const oauthAnswer = (res: ServerResponse, answer: OAuthAnswer): void => sendJson(res, answer.status, answer.body ?? {});

  return {
    async handle(req, res, pathname, params) {
      const now = Date.now();
      deps.observed.add(now);
      const httpToken = HTTP_TOKEN.exec(pathname);
      if (httpToken) {
        counters.callsByApi['system.oauth2:getToken'] = (counters.callsByApi['system.oauth2:getToken'] ?? 0) + 1;
        return oauthAnswer(res, httpToken[1] === ctx.appKey ? getToken(ctx, tokens, params) : { status: 401, body: { error: 'invalid_client', error_description: 'unknown appKey' } });
      }
      const match = PARAM2.exec(pathname);
      if (!match) return gwError(res, 404, 'gw.APIUnsupported', `unsupported path ${pathname}`);
      const [, version, namespace, apiName, appKey] = match as unknown as [string, string, string, string, string];
      const key = `${namespace}:${apiName}`;
      counters.totalCalls++;
      counters.callsByApi[key] = (counters.callsByApi[key] ?? 0) + 1;
      if (appKey !== ctx.appKey) return gwError(res, 400, 'gw.AppKeyMissing', 'AppKey is missing or unknown');
      if (namespace === 'system.oauth2') {
        if (apiName === 'getToken') return oauthAnswer(res, getToken(ctx, tokens, params));
        if (apiName === 'postponeToken') return oauthAnswer(res, postponeToken(ctx, tokens, params));
      }
      const api = apis[key];
      if (!api) return gwError(res, 400, 'gw.APIUnsupported', `API ${key} is not supported`);

      if (options.rateLimitPerSecond > 0 && deps.accepted.count(now) >= options.rateLimitPerSecond) {
        counters.rejectedByFlowControl++;
        return gwError(res, 400, 'gw.QosAppFrequencyLimit', 'App call frequency limit exceeded');
      }
      deps.accepted.add(now);

      if (faults.knobs.latencyMs > 0) await sleep(faults.knobs.latencyMs, deps.timers);
      const fault = faults.preHandler();
      if (fault === 'reset') return void req.socket.destroy();
      if (fault === 'timeout') {
        await sleep(Math.min(faults.knobs.timeoutHoldMs, 120_000), deps.timers);
        return void req.socket.destroy();
      }
      if (fault === 'serverError') return gwError(res, 500, 'ISPInvokeError', 'Service invoke error');
      if (fault === 'flowControl') return gwError(res, 400, 'gw.QosAppFrequencyLimit', 'App call frequency limit exceeded');

      const signature = params['_aop_signature'];
      if (signature === undefined || signature === '') return gwError(res, 400, 'gw.SignatureMissing', 'Signature is missing');
      const urlPath = `param2/${version}/${namespace}/${apiName}/${appKey}`;
      if (!verifyAopSignature(urlPath, params, signature, ctx.appSecret)) return gwError(res, 400, 'gw.SignatureInvalid', 'Signature is invalid');
      if (options.deniedApis.has(key) || options.deniedApis.has(apiName)) return gwError(res, 400, 'gw.APIACLDecline', 'AppKey is not allowed(acl)');
      if (api.auth && !tokens.isValidAccess(params['access_token'] ?? '', ctx.now())) {
        return gwError(res, 401, '401', 'Request need user authenticated');
      }
      const missing = api.required.find((name) => params[name] === undefined || params[name] === '');
      if (missing) return gwError(res, 400, 'gw.ParamMissing', `Missing required parameter: ${missing}`);

      const result = api.handle({ params });
      if (result.orderCreated && faults.roll(faults.knobs.dropAfterCreateRate)) {
        faults.counts.dropAfterCreate++;
        return void req.socket.destroy();
      }
      let body = result.body;
      if (result.orderCreated && faults.roll(faults.knobs.flatCreateAnswerRate)) {
        faults.counts.flatCreateAnswer++;
        const inner = (body as { result: { orderId: string; totalSuccessAmount: number } }).result;
        body = { totalSuccessAmount: inner.totalSuccessAmount, orderId: inner.orderId, success: false };
      }
      sendJson(res, result.status ?? 200, body);
    },
  };
}
