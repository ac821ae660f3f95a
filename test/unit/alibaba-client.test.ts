// Pure parts of the 1688 client: answer classification, parameter encoding, dates, authorize URL, URL masking.
import { describe, expect, it } from 'vitest';
import { classifyAnswer, neverSent } from '../../src/alibaba/classify.js';
import { encodeParams } from '../../src/alibaba/client.js';
import { formatChinaDate } from '../../src/alibaba/api/orders.js';
import { parseAlibabaDate } from '../../src/alibaba/schemas.js';
import { maskUrl } from '../../src/http/got.js';
import { authorizeUrl, isLoopback } from '../../src/sync/auth.js';

const gw = (status: number, code: string, message = 'm') => classifyAnswer({ status, api: 'ns:api', body: JSON.stringify({ error_code: code, error_message: message, request_id: 'abc' }) });

describe('classifyAnswer', () => {
  it('passes a 2xx JSON body through with big ids as strings', () => {
    expect(classifyAnswer({ status: 200, api: 'a', body: '{"id":3012345678901234567}' })).toEqual({ kind: 'ok', body: { id: '3012345678901234567' } });
  });

  it('asks for a token refresh on HTTP 401', () => {
    expect(gw(401, '401', 'Request need user authenticated').kind).toBe('token_rejected');
  });

  it('marks flow control as retryable flow control', () => {
    const v = gw(400, 'gw.QosAppFrequencyLimit');
    expect(v.kind === 'error' && [v.flowControl, v.error.retryable]).toEqual([true, true]);
  });

  it('marks ISPInvokeError and bare 5xx as retryable', () => {
    const a = gw(500, 'ISPInvokeError');
    const b = classifyAnswer({ status: 503, api: 'a', body: '<html>busy</html>' });
    expect([a.kind === 'error' && a.error.retryable, b.kind === 'error' && b.error.platformCode]).toEqual([true, 'http_503']);
  });

  it('keeps the platform code, status and request id of a final gateway error', () => {
    const v = gw(400, 'gw.APIACLDecline');
    expect(v.kind === 'error' && v.error).toMatchObject({ platformCode: 'gw.APIACLDecline', httpStatus: 400, requestId: 'abc', retryable: false, api: 'ns:api' });
  });

  it('flags parameter errors for a request log', () => {
    const v = gw(400, 'gw.ParamMissing');
    expect(v.kind === 'error' && v.badParams).toBe(true);
  });

  it('rejects a 2xx body that is not JSON as bad_response', () => {
    const v = classifyAnswer({ status: 200, api: 'a', body: 'oops' });
    expect(v.kind === 'error' && v.error.platformCode).toBe('bad_response');
  });
});

describe('neverSent', () => {
  it('is true only for failures before the request left', () => {
    expect([neverSent({ code: 'ECONNREFUSED' }), neverSent({ code: 'ECONNRESET' }), neverSent({ name: 'TimeoutError' })]).toEqual([true, false, false]);
  });
});

describe('encodeParams', () => {
  it('drops empty values and sends objects and arrays as JSON with big ids exact', () => {
    expect(encodeParams({ a: '', b: undefined, c: null, d: 0, e: false, f: { x: 1 }, g: [1n << 60n], h: 'text' })).toEqual({
      d: '0',
      e: 'false',
      f: '{"x":1}',
      g: '[1152921504606846976]',
      h: 'text',
    });
  });
});

describe('dates', () => {
  it('formats China time with milliseconds, and the platform parser reads it back', () => {
    const date = new Date('2024-12-31T23:59:59.007Z');
    expect(formatChinaDate(date)).toBe('20250101075959007+0800');
    expect(parseAlibabaDate(formatChinaDate(date))?.getTime()).toBe(date.getTime());
  });
});

describe('authorize URL and redirect', () => {
  it('carries client_id, site, redirect_uri and state', () => {
    const url = new URL(authorizeUrl({ appKey: '123', authorizeUrl: 'https://auth.1688.com/oauth/authorize', redirectUri: 'http://127.0.0.1:8765/cb' }, 's1'));
    expect(Object.fromEntries(url.searchParams)).toEqual({ client_id: '123', site: '1688', redirect_uri: 'http://127.0.0.1:8765/cb', state: 's1' });
  });

  it('recognises loopback redirect URIs only', () => {
    expect(['http://127.0.0.1:1/c', 'http://localhost:2/c', 'http://[::1]:3/c', 'https://erp.example.com/c'].map(isLoopback)).toEqual([true, true, true, false]);
  });

  it('masks secret query parameters in logged URLs', () => {
    expect(maskUrl('https://h/p?access_token=abc&x=1&code=zz')).toBe('https://h/p?access_token=***&x=1&code=***');
  });
});
