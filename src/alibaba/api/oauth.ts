// The OAuth token endpoints: code exchange, refresh and postpone, with OAuth errors as AuthError.
import type { Got } from 'got';
import type { Redactor } from '../../config/redact.js';
import type { AlibabaConfig } from '../../config/schema.js';
import { AlibabaApiError, AuthError, RemoteUnavailableError } from '../../errors.js';
import { send } from '../../http/got.js';
import { withRetry } from '../../http/retry.js';
import { networkError } from '../classify.js';
import { parseJsonPreservingBigInts } from '../json.js';
import { OAuthError, OAuthToken, formatZodIssue } from '../schemas.js';
import { signAop, urlPathFor } from '../sign.js';

export interface OAuthDeps {
  http: Got;
  config: Pick<AlibabaConfig, 'appKey' | 'appSecret' | 'gatewayUrl' | 'redirectUri' | 'retry'>;
}

const API = 'system.oauth2:getToken';

function secretOf(config: OAuthDeps['config']): string {
  if (!config.appSecret) throw new AuthError('alibaba.appSecret is not configured', { hint: 'set alibaba.appSecret (or alibaba.appSecretFile)' });
  return config.appSecret;
}

async function post(deps: OAuthDeps, url: string, form: Record<string, string>, api: string, retry: boolean): Promise<OAuthToken> {
  const once = async (): Promise<OAuthToken> => {
    let response;
    try {
      response = await send<string>(deps.http, { method: 'POST', url, form, responseType: 'text' });
    } catch (err) {
      throw networkError(err, api);
    }
    let body: unknown;
    try {
      body = parseJsonPreservingBigInts(response.body);
    } catch {
      body = undefined;
    }
    const oauthError = OAuthError.safeParse(body);
    if (oauthError.success) {
      const text = oauthError.data.description || oauthError.data.error;
      throw new AuthError(`1688 refused the token request: ${text} (${oauthError.data.error})`);
    }
    if (response.statusCode >= 500) throw new AlibabaApiError(`http_${response.statusCode}`, 'token endpoint failed', { api, httpStatus: response.statusCode, retryable: true });
    const token = OAuthToken.safeParse(body);
    if (response.statusCode >= 300 || !token.success) {
      const why = token.success ? `HTTP ${response.statusCode}` : formatZodIssue(token.error.issues[0]!);
      throw new AlibabaApiError('bad_response', `unexpected token answer: ${why}`, { api, httpStatus: response.statusCode });
    }
    return token.data;
  };
  try {
    return retry ? await withRetry(once, deps.config.retry, { isRetryable: (e) => e instanceof AlibabaApiError && e.retryable }) : await once();
  } catch (err) {
    if (err instanceof AlibabaApiError && err.retryable) throw new RemoteUnavailableError('1688', `1688 token endpoint unavailable: ${err.message}`, { cause: err });
    throw err;
  }
}

/** Exchanges an authorization code (single use, so never retried) for a token pair. */
export function exchangeCode(deps: OAuthDeps & { redactor?: Redactor }, code: string, redirectUri: string = deps.config.redirectUri): Promise<OAuthToken> {
  deps.redactor?.add(code);
  const { appKey, gatewayUrl } = deps.config;
  const url = `${gatewayUrl.replace(/\/$/, '')}/openapi/http/1/system.oauth2/getToken/${appKey}`;
  const form = { grant_type: 'authorization_code', need_refresh_token: 'true', client_id: appKey, client_secret: secretOf(deps.config), redirect_uri: redirectUri, code };
  return post(deps, url, form, API, false);
}

function param2(deps: OAuthDeps, name: string, form: Record<string, string>): { url: string; form: Record<string, string> } {
  const { appKey, gatewayUrl } = deps.config;
  const path = urlPathFor(1, 'system.oauth2', name, appKey);
  return { url: `${gatewayUrl.replace(/\/$/, '')}/openapi/${path}`, form: { ...form, _aop_signature: signAop(path, form, secretOf(deps.config)) } };
}

/** A new access token from the refresh token (the answer may omit the refresh token: keep the old one). */
export function refreshAccessToken(deps: OAuthDeps, refreshToken: string): Promise<OAuthToken> {
  const { appKey } = deps.config;
  const request = param2(deps, 'getToken', { grant_type: 'refresh_token', client_id: appKey, client_secret: secretOf(deps.config), refresh_token: refreshToken });
  return post(deps, request.url, request.form, API, true);
}

/** Extends the refresh token's life; the platform allows it only in the token's last 30 days. */
export function postponeToken(deps: OAuthDeps, refreshToken: string, accessToken: string): Promise<OAuthToken> {
  const { appKey } = deps.config;
  const request = param2(deps, 'postponeToken', { client_id: appKey, client_secret: secretOf(deps.config), refresh_token: refreshToken, access_token: accessToken });
  return post(deps, request.url, request.form, 'system.oauth2:postponeToken', true);
}
