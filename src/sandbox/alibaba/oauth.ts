// Simulated OAuth 2.0: authorize redirect, code exchange, refresh, postpone, and the token store behind them.
import { randomUUID } from 'node:crypto';
import type { SimContext } from './context.js';
import { buyerMemberIdOf } from './context.js';
import { formatTokenDate } from './util.js';

const CODE_LIFETIME_MS = 2 * 60_000;
const POSTPONE_WINDOW_MS = 30 * 86_400_000;

export interface OAuthAnswer {
  status: number;
  body?: unknown;
  location?: string;
}

interface Grant {
  refreshToken: string;
  expiresAt: number;
}

export class TokenStore {
  private readonly access = new Map<string, number>();
  private readonly refresh = new Map<string, Grant>();
  private readonly codes = new Map<string, { expiresAt: number; redirectUri: string }>();

  constructor(
    public accessLifetimeMs: number,
    public refreshLifetimeMs: number,
  ) {}

  isValidAccess(token: string, now: number): boolean {
    const expiresAt = this.access.get(token);
    return expiresAt !== undefined && expiresAt > now;
  }

  newCode(redirectUri: string, now: number): string {
    const code = randomUUID();
    this.codes.set(code, { expiresAt: now + CODE_LIFETIME_MS, redirectUri });
    return code;
  }

  /** Single use: the code is gone after the first attempt, valid or not. */
  takeCode(code: string, now: number): { redirectUri: string } | undefined {
    const entry = this.codes.get(code);
    this.codes.delete(code);
    return entry && entry.expiresAt > now ? entry : undefined;
  }

  issueAccess(now: number): { accessToken: string; expiresAt: number } {
    const accessToken = randomUUID();
    const expiresAt = now + this.accessLifetimeMs;
    this.access.set(accessToken, expiresAt);
    return { accessToken, expiresAt };
  }

  issueRefresh(now: number): Grant {
    const grant = { refreshToken: randomUUID(), expiresAt: now + this.refreshLifetimeMs };
    this.refresh.set(grant.refreshToken, grant);
    return grant;
  }

  findRefresh(token: string, now: number): Grant | undefined {
    const grant = this.refresh.get(token);
    return grant && grant.expiresAt > now ? grant : undefined;
  }

  /** Expires every access token, and every refresh token too when asked. */
  expireAll(includeRefresh: boolean): void {
    for (const token of this.access.keys()) this.access.set(token, 0);
    if (includeRefresh) for (const grant of this.refresh.values()) grant.expiresAt = 0;
  }
}

const oauthError = (status: number, error: string, description: string): OAuthAnswer => ({ status, body: { error, error_description: description } });

function tokenBody(ctx: SimContext, access: { accessToken: string }, lifetimeMs: number, grant?: Grant): Record<string, string> {
  // Same key order and string-typed numbers as the documented sample.
  const body: Record<string, string> = { aliId: String(ctx.buyerUserId), resource_owner: ctx.buyerLoginId, memberId: buyerMemberIdOf(ctx), expires_in: String(Math.round(lifetimeMs / 1000)) };
  if (grant) body['refresh_token'] = grant.refreshToken;
  body['access_token'] = access.accessToken;
  if (grant) body['refresh_token_timeout'] = formatTokenDate(grant.expiresAt);
  return body;
}

export function authorize(ctx: SimContext, tokens: TokenStore, query: URLSearchParams): OAuthAnswer {
  const redirectUri = query.get('redirect_uri');
  if (query.get('client_id') !== ctx.appKey) return oauthError(400, 'invalid_client', 'client_id is unknown');
  if (!redirectUri) return oauthError(400, 'invalid_request', 'redirect_uri is required');
  const target = new URL(redirectUri);
  target.searchParams.set('code', tokens.newCode(redirectUri, ctx.now()));
  const state = query.get('state');
  if (state !== null) target.searchParams.set('state', state);
  return { status: 302, location: target.toString() };
}

function checkClient(ctx: SimContext, params: Record<string, string>): OAuthAnswer | undefined {
  if (params['client_id'] !== ctx.appKey || params['client_secret'] !== ctx.appSecret) {
    return oauthError(401, 'invalid_client', 'client_id or client_secret is wrong');
  }
  return undefined;
}

export function getToken(ctx: SimContext, tokens: TokenStore, params: Record<string, string>): OAuthAnswer {
  const clientProblem = checkClient(ctx, params);
  if (clientProblem) return clientProblem;
  const now = ctx.now();
  const grantType = params['grant_type'];
  if (grantType === 'authorization_code') {
    const code = tokens.takeCode(params['code'] ?? '', now);
    if (!code) return oauthError(400, 'invalid_grant', 'authorization code is invalid, used or expired');
    if (params['redirect_uri'] !== undefined && params['redirect_uri'] !== code.redirectUri) return oauthError(400, 'invalid_grant', 'redirect_uri mismatch');
    const grant = params['need_refresh_token'] === 'false' ? undefined : tokens.issueRefresh(now);
    return { status: 200, body: tokenBody(ctx, tokens.issueAccess(now), tokens.accessLifetimeMs, grant) };
  }
  if (grantType === 'refresh_token') {
    const grant = tokens.findRefresh(params['refresh_token'] ?? params['refreshToken'] ?? '', now);
    if (!grant) return oauthError(400, 'invalid_grant', 'refresh token is invalid or expired');
    // Unconfirmed: no refresh sample exists; the answer here omits the (unchanged) refresh token.
    return { status: 200, body: tokenBody(ctx, tokens.issueAccess(now), tokens.accessLifetimeMs) };
  }
  return oauthError(400, 'unsupported_grant_type', `grant_type ${grantType ?? '(none)'} is not supported`);
}

export function postponeToken(ctx: SimContext, tokens: TokenStore, params: Record<string, string>): OAuthAnswer {
  const clientProblem = checkClient(ctx, params);
  if (clientProblem) return clientProblem;
  const now = ctx.now();
  const grant = tokens.findRefresh(params['refresh_token'] ?? params['refreshToken'] ?? '', now);
  if (!grant || !tokens.isValidAccess(params['access_token'] ?? '', now)) return oauthError(400, 'invalid_grant', 'refresh token or access token is invalid or expired');
  if (grant.expiresAt - now > POSTPONE_WINDOW_MS) return oauthError(400, 'invalid_request', 'refresh token can only be postponed in its last 30 days');
  grant.expiresAt = now + tokens.refreshLifetimeMs;
  return { status: 200, body: tokenBody(ctx, { accessToken: params['access_token']! }, tokens.accessLifetimeMs, grant) };
}
