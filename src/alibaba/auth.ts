// The 1688 token provider: stored tokens, refresh before expiry (single-flight), postpone, and the code exchange.
import type { Redactor } from '../config/redact.js';
import { AuthError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { StoredToken, TokenRepo } from '../state/tokens.js';
import { exchangeCode, postponeToken, refreshAccessToken, type OAuthDeps } from './api/oauth.js';
import type { OAuthToken } from './schemas.js';

export const PROVIDER = '1688';
/** The platform allows postponeToken only in the refresh token's last 30 days. */
export const POSTPONE_WINDOW_MS = 30 * 86_400_000;

export interface TokenProviderDeps extends OAuthDeps {
  repo: TokenRepo;
  logger: Logger;
  redactor: Redactor;
  /** Refresh when the access token has less than this left (config.alibaba.refreshBeforeExpiry). */
  refreshBeforeExpiryMs: number;
  clock?: () => number;
}

/** Expiry facts about the stored token, never its value. */
export interface TokenStatus {
  stored: boolean;
  memberId: string | null;
  resourceOwner: string | null;
  accessExpiresAt: string | null;
  refreshExpiresAt: string | null;
  accessExpired: boolean;
  refreshExpired: boolean;
  /** In the last 30 days of the refresh token: postponeToken is allowed and should be used. */
  postponeAllowed: boolean;
}

export class TokenProvider {
  private inflight: Promise<StoredToken> | undefined;
  private readonly now: () => number;
  /** Refreshes and postpones done, for run metrics. */
  readonly counts = { refreshes: 0, postpones: 0 };

  constructor(private readonly deps: TokenProviderDeps) {
    this.now = deps.clock ?? Date.now;
  }

  /** The stored token, with its values registered for masking. */
  current(): StoredToken | undefined {
    const token = this.deps.repo.get(PROVIDER);
    if (token) {
      this.deps.redactor.add(token.accessToken);
      this.deps.redactor.add(token.refreshToken);
    }
    return token;
  }

  private require(): StoredToken {
    const token = this.current();
    if (!token) throw new AuthError('no 1688 token stored');
    return token;
  }

  /** A usable access token, refreshed first when it expires within refreshBeforeExpiry. */
  async accessToken(): Promise<string> {
    const token = this.require();
    if (token.accessExpiresAt.getTime() - this.now() > this.deps.refreshBeforeExpiryMs) return token.accessToken;
    return (await this.refresh(token.accessToken)).accessToken;
  }

  /**
   * Refreshes the access token. Concurrent callers share one refresh; a caller holding a stale token
   * (`rejected`) gets the newer stored one if another refresh already replaced it.
   */
  async refresh(rejected?: string): Promise<StoredToken> {
    if (this.inflight) return this.inflight;
    const stored = this.require();
    if (rejected !== undefined && stored.accessToken !== rejected && stored.accessExpiresAt.getTime() - this.now() > this.deps.refreshBeforeExpiryMs) {
      return stored;
    }
    this.inflight = this.doRefresh(stored).finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async doRefresh(stored: StoredToken): Promise<StoredToken> {
    if (!stored.refreshToken) throw new AuthError('the stored 1688 token has no refresh token');
    if (stored.refreshExpiresAt && stored.refreshExpiresAt.getTime() <= this.now()) {
      throw new AuthError(`the 1688 refresh token expired at ${stored.refreshExpiresAt.toISOString()}`);
    }
    const answer = await refreshAccessToken(this.deps, stored.refreshToken);
    this.counts.refreshes++;
    const saved = this.save(answer, stored);
    this.deps.logger.info('1688 access token refreshed', { accessExpiresAt: saved.accessExpiresAt.toISOString() });
    if (this.inPostponeWindow(saved)) await this.tryPostpone(saved);
    return this.current() ?? saved;
  }

  /** Exchanges an authorization code and stores the tokens (auth login). */
  async login(code: string, redirectUri?: string): Promise<StoredToken> {
    const answer = await exchangeCode(this.deps, code, redirectUri);
    return this.save(answer, undefined);
  }

  /** Extends the refresh token; the platform refuses outside its last 30 days (AuthError). */
  async postpone(): Promise<StoredToken> {
    const stored = this.require();
    if (!stored.refreshToken) throw new AuthError('the stored 1688 token has no refresh token');
    const access = await this.accessToken();
    const answer = await postponeToken(this.deps, stored.refreshToken, access);
    this.counts.postpones++;
    const saved = this.save(answer, this.require());
    this.deps.logger.info('1688 refresh token extended', { refreshExpiresAt: saved.refreshExpiresAt?.toISOString() });
    return saved;
  }

  /** Postpones when allowed; a refusal is logged, not thrown (the refresh token still works for now). */
  async tryPostpone(token: StoredToken | undefined = this.current()): Promise<boolean> {
    if (!token || !this.inPostponeWindow(token)) return false;
    try {
      await this.postpone();
      return true;
    } catch (err) {
      this.deps.logger.warn('could not extend the 1688 refresh token', { error: err });
      return false;
    }
  }

  inPostponeWindow(token: StoredToken): boolean {
    const left = token.refreshExpiresAt ? token.refreshExpiresAt.getTime() - this.now() : Number.POSITIVE_INFINITY;
    return left > 0 && left <= POSTPONE_WINDOW_MS;
  }

  status(): TokenStatus {
    const token = this.current();
    const now = this.now();
    return {
      stored: token !== undefined,
      memberId: token?.memberId ?? null,
      resourceOwner: token?.resourceOwner ?? null,
      accessExpiresAt: token?.accessExpiresAt.toISOString() ?? null,
      refreshExpiresAt: token?.refreshExpiresAt?.toISOString() ?? null,
      accessExpired: token !== undefined && token.accessExpiresAt.getTime() <= now,
      refreshExpired: token?.refreshExpiresAt !== undefined && token.refreshExpiresAt !== null && token.refreshExpiresAt.getTime() <= now,
      postponeAllowed: token !== undefined && this.inPostponeWindow(token),
    };
  }

  private save(answer: OAuthToken, previous: StoredToken | undefined): StoredToken {
    this.deps.redactor.add(answer.accessToken);
    this.deps.redactor.add(answer.refreshToken);
    const token: Omit<StoredToken, 'updatedAt'> = {
      provider: PROVIDER,
      accessToken: answer.accessToken,
      // A refresh answer may omit the refresh token: the old one stays valid.
      refreshToken: answer.refreshToken ?? previous?.refreshToken ?? null,
      // postponeToken echoes the current access token with a full lifetime; its real expiry is unchanged.
      accessExpiresAt:
        previous?.accessToken === answer.accessToken ? previous.accessExpiresAt : new Date(this.now() + answer.expiresInSeconds * 1_000),
      refreshExpiresAt: answer.refreshTokenExpiresAt ?? (answer.refreshToken === undefined ? (previous?.refreshExpiresAt ?? null) : null),
      memberId: answer.memberId ?? previous?.memberId ?? null,
      aliId: answer.aliId ?? previous?.aliId ?? null,
      resourceOwner: answer.resourceOwner ?? previous?.resourceOwner ?? null,
    };
    this.deps.repo.save(token);
    return { ...token, updatedAt: new Date(this.now()) };
  }
}
