import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { cmd } from '../../src/odoo/commands.js';
import { policyFor } from '../../src/odoo/rpc.js';
import { checkOdooUrl } from '../../src/odoo/transport.js';

describe('x2many commands', () => {
  it.each([
    ['create', cmd.create({ name: 'Red' }), [0, 0, { name: 'Red' }]],
    ['update', cmd.update(7, { name: 'Blue' }), [1, 7, { name: 'Blue' }]],
    ['delete', cmd.delete(7), [2, 7, 0]],
    ['unlink', cmd.unlink(7), [3, 7, 0]],
    ['link', cmd.link(7), [4, 7, 0]],
    ['clear', cmd.clear(), [5, 0, 0]],
    ['set', cmd.set([4, 5]), [6, 0, [4, 5]]],
  ])('%s builds the Odoo tuple', (_name, built, expected) => {
    expect(built).toEqual(expected);
  });
});

describe('retry policy per method', () => {
  it.each(['search', 'search_read', 'read', 'search_count', 'fields_get', 'name_search'])('%s is a read', (m) => {
    expect(policyFor(m)).toBe('read');
  });
  it.each(['write', 'unlink', 'button_confirm'])('%s is idempotent', (m) => {
    expect(policyFor(m)).toBe('idempotent');
  });
  it.each(['create', 'message_post', 'button_cancel', 'button_validate'])('%s is sent once', (m) => {
    expect(policyFor(m)).toBe('once');
  });
});

describe('the Odoo URL policy', () => {
  it('accepts https anywhere', () => {
    expect(checkOdooUrl('https://odoo.example.com', false).hostname).toBe('odoo.example.com');
  });
  it('accepts plain http to a loopback host', () => {
    expect(checkOdooUrl('http://127.0.0.1:8069', false).port).toBe('8069');
  });
  it('refuses plain http to another host', () => {
    expect(() => checkOdooUrl('http://odoo.example.com', false)).toThrow(ConfigError);
  });
  it('allows plain http to another host when asked', () => {
    expect(checkOdooUrl('http://odoo.example.com', true).protocol).toBe('http:');
  });
});
