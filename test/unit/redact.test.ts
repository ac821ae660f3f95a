import { describe, expect, it } from 'vitest';
import { MASK, Redactor, isSecretKey } from '../../src/config/redact.js';

describe('Redactor', () => {
  it('masks a known secret value inside any text', () => {
    const r = new Redactor(['s3cr3t-value']);
    expect(r.text('calling with s3cr3t-value now')).toBe(`calling with ${MASK} now`);
  });

  it('masks the URL-encoded form of a secret too', () => {
    const r = new Redactor(['a b/c+d=']);
    expect(r.text('x=a%20b%2Fc%2Bd%3D')).toBe(`x=${MASK}`);
  });

  it('masks values under secret-looking keys whatever they hold', () => {
    const r = new Redactor();
    expect(r.value({ access_token: 'abc', _aop_signature: 'F00', password: 'pw', nested: { Authorization: 'Bearer x' } })).toEqual({
      access_token: MASK,
      _aop_signature: MASK,
      password: MASK,
      nested: { Authorization: MASK },
    });
  });

  it('leaves ordinary keys, file paths and expiry times alone', () => {
    expect(isSecretKey('passwordFile')).toBe(false);
    expect(isSecretKey('accessExpiresAt')).toBe(false);
    expect(isSecretKey('token_expires_at')).toBe(false);
    expect(isSecretKey('subject')).toBe(false);
    expect(isSecretKey('client_secret')).toBe(true);
  });

  it('ignores values too short to mask safely', () => {
    const r = new Redactor(['ab']);
    expect(r.text('abab')).toBe('abab');
  });
});
