// The simulated OAuth flow: authorize redirect, code exchange, refresh, postpone, and token expiry.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatewayError, OAuthError, OAuthToken } from '../../src/alibaba/schemas.js';
import { startAlibabaSimulator, type AlibabaSimulator } from '../../src/sandbox/alibaba/index.js';
import { PRODUCT, callApi } from './alibaba-sim-helpers.js';

let sim: AlibabaSimulator;

beforeEach(async () => {
  sim = await startAlibabaSimulator({ offers: 0 });
});
afterEach(async () => {
  await sim.close();
});

async function authorizeCode(state = 'xyz'): Promise<URL> {
  const url = `${sim.authorizeUrl}?client_id=${sim.appKey}&site=1688&redirect_uri=${encodeURIComponent('http://127.0.0.1:9/callback')}&state=${state}`;
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location')!);
}

async function exchange(code: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${sim.url}/openapi/http/1/system.oauth2/getToken/${sim.appKey}`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'authorization_code', need_refresh_token: 'true', client_id: sim.appKey, client_secret: sim.appSecret, redirect_uri: 'http://127.0.0.1:9/callback', code }),
  });
  return { status: response.status, body: (await response.json()) };
}

async function refresh(params: Record<string, string>, api = 'getToken'): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${sim.url}/openapi/param2/1/system.oauth2/${api}/${sim.appKey}`, {
    method: 'POST',
    body: new URLSearchParams({ client_id: sim.appKey, client_secret: sim.appSecret, ...params }),
  });
  return { status: response.status, body: (await response.json()) };
}

const productCall = (token: string) => callApi(sim, PRODUCT, 'alibaba.cross.productInfo', { productId: '584051070147' }, { token });

describe('authorization code flow', () => {
  it('redirects at once with a code and the state', async () => {
    const target = await authorizeCode('s-1');
    expect([target.pathname, target.searchParams.get('state'), target.searchParams.get('code')?.length]).toEqual(['/callback', 's-1', 36]);
  });

  it('exchanges the code for tokens in the documented string-typed shape', async () => {
    const { body } = await exchange((await authorizeCode()).searchParams.get('code')!);
    expect(body).toMatchObject({ expires_in: '36000', refresh_token_timeout: expect.stringMatching(/^\d{14}\+0800$/) as unknown });
  });

  it('gives an access token that the gateway accepts', async () => {
    const token = OAuthToken.parse((await exchange((await authorizeCode()).searchParams.get('code')!)).body);
    expect((await productCall(token.accessToken)).status).toBe(200);
  });

  it('sets the refresh token timeout about 180 days ahead', async () => {
    const token = OAuthToken.parse((await exchange((await authorizeCode()).searchParams.get('code')!)).body);
    const days = (token.refreshTokenExpiresAt!.getTime() - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(180);
  });

  it('accepts a code only once', async () => {
    const code = (await authorizeCode()).searchParams.get('code')!;
    await exchange(code);
    const second = await exchange(code);
    expect([second.status, OAuthError.parse(second.body).error]).toEqual([400, 'invalid_grant']);
  });

  it('refuses a code older than two minutes', async () => {
    const code = (await authorizeCode()).searchParams.get('code')!;
    sim.clockOffsetMs = 3 * 60_000;
    expect(OAuthError.parse((await exchange(code)).body).error).toBe('invalid_grant');
  });
});

describe('refresh and expiry', () => {
  it('refreshes with refresh_token into a new working access token', async () => {
    const { refreshToken } = sim.issueToken();
    const token = OAuthToken.parse((await refresh({ grant_type: 'refresh_token', refresh_token: refreshToken })).body);
    expect((await productCall(token.accessToken)).status).toBe(200);
  });

  it('accepts the SDK spelling refreshToken', async () => {
    const { refreshToken } = sim.issueToken();
    expect((await refresh({ grant_type: 'refresh_token', refreshToken })).status).toBe(200);
  });

  it('answers 401 once the access token has expired by the clock', async () => {
    const { accessToken } = sim.issueToken();
    sim.clockOffsetMs = 10 * 3600_000 + 1000;
    const r = await productCall(accessToken);
    expect([r.status, GatewayError.parse(r.body).message]).toEqual([401, 'Request need user authenticated']);
  });

  it('answers 401 after tokens are expired through the control API', async () => {
    const { accessToken } = sim.issueToken();
    await fetch(`${sim.url}/_control/tokens/expire`, { method: 'POST' });
    expect((await productCall(accessToken)).status).toBe(401);
  });

  it('refuses an expired refresh token with an OAuth error', async () => {
    const { refreshToken } = sim.issueToken();
    sim.expireTokens({ refresh: true });
    const r = await refresh({ grant_type: 'refresh_token', refresh_token: refreshToken });
    expect([r.status, OAuthError.parse(r.body).error]).toEqual([400, 'invalid_grant']);
  });

  it('refuses to postpone a refresh token outside its last 30 days', async () => {
    const { accessToken, refreshToken } = sim.issueToken();
    expect((await refresh({ refresh_token: refreshToken, access_token: accessToken }, 'postponeToken')).status).toBe(400);
  });

  it('postpones a refresh token in its last 30 days', async () => {
    const { refreshToken } = sim.issueToken();
    sim.clockOffsetMs = 160 * 86_400_000;
    const { accessToken } = sim.issueToken();
    const r = await refresh({ refresh_token: refreshToken, access_token: accessToken }, 'postponeToken');
    const days = (OAuthToken.parse(r.body).refreshTokenExpiresAt!.getTime() - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(340);
  });
});
