// Stores a token pair the 1688 simulator issued, as `auth login` would (10 h access, 180 d refresh).
import type { TokenRepo } from '../../src/state/tokens.js';

export function saveIssuedToken(tokens: TokenRepo, issued: { accessToken: string; refreshToken: string }, owner = { memberId: 'b2b-buyer', aliId: null as string | null, resourceOwner: 'buyer' }): void {
  tokens.save({
    provider: '1688',
    accessToken: issued.accessToken,
    refreshToken: issued.refreshToken,
    accessExpiresAt: new Date(Date.now() + 10 * 3_600_000),
    refreshExpiresAt: new Date(Date.now() + 180 * 86_400_000),
    ...owner,
  });
}
