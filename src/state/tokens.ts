// Tokens: OAuth tokens per provider, sealed at rest when an encryption key is configured.
import type { Sealer } from './crypto.js';
import type { Db } from './db.js';

export interface StoredToken {
  provider: string;
  accessToken: string;
  refreshToken: string | null;
  accessExpiresAt: Date;
  refreshExpiresAt: Date | null;
  memberId: string | null;
  aliId: string | null;
  resourceOwner: string | null;
  updatedAt: Date;
}

interface Row {
  provider: string;
  access_token: string;
  refresh_token: string | null;
  access_expires_at: string;
  refresh_expires_at: string | null;
  member_id: string | null;
  ali_id: string | null;
  resource_owner: string | null;
  encrypted: number;
  updated_at: string;
}

export class TokenRepo {
  private readonly getStmt;
  private readonly saveStmt;
  private readonly deleteStmt;
  private readonly expiryStmt;

  constructor(db: Db, private readonly sealer: Sealer, private readonly now: () => string) {
    this.getStmt = db.prepare<[string], Row>('SELECT * FROM tokens WHERE provider = ?');
    this.saveStmt = db.prepare(
      `INSERT INTO tokens (provider, access_token, refresh_token, access_expires_at, refresh_expires_at, member_id,
         ali_id, resource_owner, encrypted, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (provider) DO UPDATE SET access_token = excluded.access_token, refresh_token = excluded.refresh_token,
         access_expires_at = excluded.access_expires_at, refresh_expires_at = excluded.refresh_expires_at,
         member_id = excluded.member_id, ali_id = excluded.ali_id, resource_owner = excluded.resource_owner,
         encrypted = excluded.encrypted, updated_at = excluded.updated_at`,
    );
    this.deleteStmt = db.prepare('DELETE FROM tokens WHERE provider = ?');
    this.expiryStmt = db.prepare<[], Pick<Row, 'provider' | 'access_expires_at' | 'refresh_expires_at' | 'updated_at'>>(
      'SELECT provider, access_expires_at, refresh_expires_at, updated_at FROM tokens ORDER BY provider',
    );
  }

  get(provider: string): StoredToken | undefined {
    const r = this.getStmt.get(provider);
    if (!r) return undefined;
    return {
      provider: r.provider,
      accessToken: this.sealer.open(r.access_token),
      refreshToken: this.sealer.openOpt(r.refresh_token),
      accessExpiresAt: new Date(r.access_expires_at),
      refreshExpiresAt: r.refresh_expires_at ? new Date(r.refresh_expires_at) : null,
      memberId: r.member_id,
      aliId: r.ali_id,
      resourceOwner: r.resource_owner,
      updatedAt: new Date(r.updated_at),
    };
  }

  save(token: Omit<StoredToken, 'updatedAt'>): void {
    this.saveStmt.run(
      token.provider,
      this.sealer.seal(token.accessToken),
      this.sealer.sealOpt(token.refreshToken),
      token.accessExpiresAt.toISOString(),
      token.refreshExpiresAt?.toISOString() ?? null,
      token.memberId,
      token.aliId,
      token.resourceOwner,
      this.sealer.enabled ? 1 : 0,
      this.now(),
    );
  }

  remove(provider: string): void {
    this.deleteStmt.run(provider);
  }

  /** Expiry times only, never the secrets: what `status` shows. */
  expiries(): { provider: string; accessExpiresAt: string; refreshExpiresAt: string | null; updatedAt: string }[] {
    return this.expiryStmt.all().map((r) => ({
      provider: r.provider,
      accessExpiresAt: r.access_expires_at,
      refreshExpiresAt: r.refresh_expires_at,
      updatedAt: r.updated_at,
    }));
  }

  /** Every stored secret value, decrypted, so the redactor can mask them in any output. */
  secretValues(): string[] {
    const out: string[] = [];
    for (const { provider } of this.expiryStmt.all()) {
      const t = this.get(provider);
      if (t) out.push(t.accessToken, ...(t.refreshToken ? [t.refreshToken] : []));
    }
    return out;
  }
}
