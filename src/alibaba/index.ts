// Wires one 1688 client: got instance, token provider over the state's TokenRepo, pacer, logger and redactor.
import type { Redactor } from '../config/redact.js';
import type { AlibabaConfig } from '../config/schema.js';
import { createHttp } from '../http/got.js';
import type { RemotePacer } from '../http/limiter.js';
import type { Logger } from '../log/logger.js';
import type { TokenRepo } from '../state/tokens.js';
import { TokenProvider } from './auth.js';
import { AlibabaClient } from './client.js';

export interface Alibaba {
  client: AlibabaClient;
  auth: TokenProvider;
}

export interface CreateAlibabaOptions {
  config: AlibabaConfig;
  tokens: TokenRepo;
  logger: Logger;
  redactor: Redactor;
  pacer?: RemotePacer;
  clock?: () => number;
}

export function createAlibaba(options: CreateAlibabaOptions): Alibaba {
  const { config, logger, redactor } = options;
  redactor.add(config.appSecret);
  const http = createHttp({ timeoutMs: config.timeoutMs, logger, redactor, remote: '1688' });
  const auth = new TokenProvider({
    http,
    config,
    repo: options.tokens,
    logger,
    redactor,
    refreshBeforeExpiryMs: config.refreshBeforeExpiry,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const client = new AlibabaClient({ config, tokens: auth, http, logger, ...(options.pacer ? { pacer: options.pacer } : {}) });
  return { client, auth };
}

export { AlibabaClient, UnknownOutcomeError, encodeParams, type AlibabaClientStats, type ApiRef, type CallOptions } from './client.js';
export { TokenProvider, type TokenStatus } from './auth.js';
export * as products from './api/products.js';
export * as orders from './api/orders.js';
export * as logistics from './api/logistics.js';
export * as push from './api/push.js';
