// Schemas for the OAuth token endpoint: token answers (numbers as strings) and OAuth errors.
import { z } from 'zod';
import { AliDate, Num, Text } from './common.js';

export const OAuthToken = z
  .object({
    access_token: z.string().min(1),
    expires_in: Num,
    refresh_token: z.string().optional(),
    /** `yyyyMMddHHmmss+0800`. */
    refresh_token_timeout: AliDate,
    aliId: Text.optional(),
    resource_owner: Text.optional(),
    memberId: Text.optional(),
  })
  .transform((t) => ({
    accessToken: t.access_token,
    expiresInSeconds: t.expires_in,
    refreshToken: t.refresh_token,
    refreshTokenExpiresAt: t.refresh_token_timeout,
    aliId: t.aliId,
    resourceOwner: t.resource_owner,
    memberId: t.memberId,
  }));
export type OAuthToken = z.infer<typeof OAuthToken>;

export const OAuthError = z
  .object({ error: Text, error_description: Text.optional() })
  .transform((e) => ({ error: e.error, description: e.error_description ?? '' }));
export type OAuthError = z.infer<typeof OAuthError>;
