// The token provider with the client: refresh on 401 and before expiry, single-flight, expiry errors, encryption, no leaks.
import { afterEach, describe, expect, it } from 'vitest';
import { getProduct } from '../../src/alibaba/api/products.js';
import { AuthError, ExitCode } from '../../src/errors.js';
import { T_SHIRT, startRig, type Rig } from './alibaba-client-helpers.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const TOKEN_API = 'system.oauth2:getToken';

describe('refresh', () => {
  it('refreshes once after a 401 and the call then succeeds, keeping the refresh token the answer omitted', async () => {
    rig = await startRig();
    rig.sim.expireTokens();
    await expect(getProduct(rig.client, T_SHIRT)).resolves.toMatchObject({ productID: T_SHIRT });
    const stored = rig.store.tokens.get('1688')!;
    expect(stored.accessToken).not.toBe(rig.seeded.accessToken);
    expect(stored.refreshToken).toBe(rig.seeded.refreshToken);
    expect([rig.client.stats.tokenRefreshes, rig.sim.stats.callsByApi[TOKEN_API]]).toEqual([1, 1]);
  });

  it('shares one refresh between concurrent callers', async () => {
    rig = await startRig();
    rig.sim.expireTokens();
    await Promise.all(Array.from({ length: 12 }, () => getProduct(rig!.client, T_SHIRT)));
    expect(rig.sim.stats.callsByApi[TOKEN_API]).toBe(1);
  });

  it('refreshes before the access token expires, without a rejected call', async () => {
    rig = await startRig();
    const t = rig.store.tokens.get('1688')!;
    rig.store.tokens.save({ ...t, accessExpiresAt: new Date(Date.now() + 60_000) });
    await getProduct(rig.client, T_SHIRT);
    expect(rig.sim.stats.callsByApi[TOKEN_API]).toBe(1);
    expect(rig.client.stats.tokenRefreshes).toBe(0);
    expect(rig.store.tokens.get('1688')!.accessExpiresAt.getTime()).toBeGreaterThan(Date.now() + 9 * 3_600_000);
  });

  it('fails with AuthError (exit 3) when the platform refuses the expired refresh token', async () => {
    rig = await startRig();
    rig.sim.expireTokens({ refresh: true });
    const err = (await getProduct(rig.client, T_SHIRT).catch((e: unknown) => e)) as AuthError;
    expect(err).toBeInstanceOf(AuthError);
    expect(err.exitCode).toBe(ExitCode.AuthNeeded);
    expect(err.message).toContain('refresh token is invalid or expired');
    expect(err.hint).toContain('auth login');
  });

  it('fails with AuthError without calling 1688 when the stored refresh token has expired', async () => {
    rig = await startRig();
    const t = rig.store.tokens.get('1688')!;
    rig.store.tokens.save({ ...t, accessExpiresAt: new Date(Date.now() - 1), refreshExpiresAt: new Date(Date.now() - 1) });
    await expect(getProduct(rig.client, T_SHIRT)).rejects.toThrow(/refresh token expired/);
    expect(rig.sim.stats.totalCalls).toBe(0);
  });

  it('fails with AuthError "no 1688 token stored" before login', async () => {
    rig = await startRig({ token: false });
    await expect(getProduct(rig.client, T_SHIRT)).rejects.toMatchObject({ message: 'no 1688 token stored', exitCode: ExitCode.AuthNeeded });
  });
});

describe('postpone', () => {
  it('extends the refresh token in its last 30 days and stores the new expiry', async () => {
    rig = await startRig({ sim: { refreshTokenLifetimeMs: 20 * 86_400_000 } });
    const t = rig.store.tokens.get('1688')!;
    rig.store.tokens.save({ ...t, refreshExpiresAt: new Date(Date.now() + 10 * 86_400_000) });
    expect(rig.auth.status().postponeAllowed).toBe(true);
    await rig.auth.postpone();
    const after = rig.store.tokens.get('1688')!;
    expect(after.refreshExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 19 * 86_400_000);
    expect(after.accessExpiresAt.getTime()).toBe(t.accessExpiresAt.getTime());
  });

  it('is refused by the platform outside the last 30 days', async () => {
    rig = await startRig();
    await expect(rig.auth.postpone()).rejects.toThrow(/last 30 days/);
  });
});

describe('secrets', () => {
  it('keeps tokens encrypted at rest when state.encryptionKey is set', async () => {
    rig = await startRig({ encryptionKey: 'a-test-encryption-key-0123456789' });
    rig.sim.expireTokens();
    await getProduct(rig.client, T_SHIRT);
    const row = rig.store.db.prepare('SELECT access_token, refresh_token, encrypted FROM tokens').get() as Record<string, unknown>;
    const stored = rig.store.tokens.get('1688')!;
    expect(row['encrypted']).toBe(1);
    expect(String(row['access_token'])).toMatch(/^enc:v1:/);
    expect(String(row['access_token'])).not.toContain(stored.accessToken);
    expect(String(row['refresh_token'])).not.toContain(stored.refreshToken!);
  });

  it('never writes the app secret, tokens or signatures into debug logs', async () => {
    rig = await startRig();
    rig.sim.expireTokens();
    await getProduct(rig.client, T_SHIRT);
    await getProduct(rig.client, '').catch(() => undefined);
    const text = rig.logs.join('');
    const stored = rig.store.tokens.get('1688')!;
    expect(text).toContain('"msg":"http request"');
    expect(text).toContain('"access_token":"***"');
    for (const secret of [rig.sim.appSecret, rig.seeded.accessToken, rig.seeded.refreshToken, stored.accessToken]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/[0-9A-F]{40}/);
  });
});
