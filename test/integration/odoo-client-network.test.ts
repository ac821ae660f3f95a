import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, ExitCode, RemoteUnavailableError } from '../../src/errors.js';
import { OdooClient } from '../../src/odoo/client.js';
import { XmlRpcTransport } from '../../src/odoo/xmlrpc-transport.js';
import { clientConfig, withSimulator } from './odoo-client-helpers.js';

const { sim, client } = await withSimulator({ customFields: true, faults: { timeoutMs: 3_000 } });

async function unavailable(p: Promise<unknown>): Promise<RemoteUnavailableError> {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(RemoteUnavailableError);
  return err as RemoteUnavailableError;
}

describe('retries of reads', () => {
  it('retries a read that timed out and returns its result', async () => {
    const c = client({ timeoutMs: 200 });
    await c.authenticate();
    sim.faults.failNext('timeout', { model: 'res.currency', method: 'search_count' });
    expect(await c.searchCount('res.currency', [['name', '=', 'USD']])).toBe(1);
    expect(c.stats.byCall['res.currency.search_count']).toMatchObject({ calls: 2, retries: 1 });
  });

  it('gives up after the configured attempts with exit 4 and the reason', async () => {
    const c = client({ timeoutMs: 150 });
    await c.authenticate();
    sim.faults.failNext('timeout', { model: 'res.currency', method: 'search_count' }, 3);
    const err = await unavailable(c.searchCount('res.currency', []));
    expect(err.exitCode).toBe(ExitCode.RemoteUnavailable);
    expect(err.details).toMatchObject({ reason: 'timeout', call: 'res.currency.search_count' });
    expect(c.stats.calls('res.currency.search_count')).toBe(3);
  });

  it('retries a read answered with HTTP 502', async () => {
    const c = client();
    await c.authenticate();
    sim.faults.failNext('http502', { model: 'res.currency', method: 'search_read' });
    expect(await c.searchReadAll('res.currency', [['name', '=', 'USD']], ['name'])).toHaveLength(1);
    expect(c.stats.retries).toBe(1);
  });

  it('retries a write whose connection dropped after Odoo applied it (same values, same result)', async () => {
    const c = client();
    const [id] = sim.store.create('res.partner', [{ name: 'Before' }]);
    sim.faults.failNext('drop-after', { model: 'res.partner', method: 'write' });
    await c.write('res.partner', [id!], { name: 'After' });
    expect(sim.store.get('res.partner', id!, ['name'])?.name).toBe('After');
    expect(c.stats.calls('res.partner.write')).toBe(2);
  });

  it('reports a refused connection as remote unavailable after retries', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = http.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const c = new OdooClient({ config: clientConfig(sim, { url: `http://127.0.0.1:${port}` }) });
    const err = await unavailable(c.version());
    expect(err.details).toMatchObject({ reason: 'refused' });
    expect(c.stats.calls('common.version')).toBe(3);
    c.close();
  });
});

describe('creates are never repeated blindly', () => {
  const key = (n: number): string => `ALI-NET-${n}`;

  it('does not send a create again without a lookup and says the outcome is unknown', async () => {
    const c = client();
    await c.authenticate();
    sim.faults.failNext('drop-after', { model: 'res.partner', method: 'create' });
    const err = await unavailable(c.create('res.partner', [{ name: 'No lookup', x_alibaba_supplier_id: key(1) }]));
    expect(err.details).toMatchObject({ unknownOutcome: true });
    expect(c.stats.calls('res.partner.create')).toBe(1);
    expect(sim.store.count('res.partner', [['x_alibaba_supplier_id', '=', key(1)]])).toBe(1);
  });

  it('finds the records of a create applied before the connection dropped, without a duplicate', async () => {
    const c = client();
    await c.authenticate();
    sim.faults.failNext('drop-after', { model: 'res.partner', method: 'create' });
    const vals = [2, 3].map((n) => ({ name: `Lookup ${n}`, x_alibaba_supplier_id: key(n) }));
    const ids = await c.create('res.partner', vals, {
      lookup: { domain: (chunk) => [['x_alibaba_supplier_id', 'in', chunk.map((v) => v.x_alibaba_supplier_id!)]], key: 'x_alibaba_supplier_id' },
    });
    expect(sim.store.count('res.partner', [['x_alibaba_supplier_id', 'in', [key(2), key(3)]]])).toBe(2);
    expect(sim.store.read('res.partner', ids, ['x_alibaba_supplier_id']).map((r) => r.x_alibaba_supplier_id)).toEqual([key(2), key(3)]);
    expect(c.stats.calls('res.partner.create')).toBe(1);
  });

  it('sends a create again when the lookup finds nothing (dropped before Odoo ran it)', async () => {
    const c = client();
    await c.authenticate();
    sim.faults.failNext('drop-before', { model: 'res.partner', method: 'create' });
    const ids = await c.create('res.partner', [{ name: 'Resent', x_alibaba_supplier_id: key(4) }], {
      lookup: async (chunk) => {
        const found = await c.search('res.partner', [['x_alibaba_supplier_id', '=', chunk[0]!.x_alibaba_supplier_id!]]);
        return chunk.map((_, i) => found[i]);
      },
    });
    expect(ids).toHaveLength(1);
    expect(sim.store.count('res.partner', [['x_alibaba_supplier_id', '=', key(4)]])).toBe(1);
    expect(c.stats.calls('res.partner.create')).toBe(2);
  });

  it('never sends message_post twice', async () => {
    const c = client();
    const vendor = sim.seedVendor();
    const { variantId } = sim.seedProduct();
    const po = sim.seedPurchaseOrder({ partnerId: vendor, lines: [{ productId: variantId, qty: 1, price: 1 }] });
    await c.authenticate();
    sim.faults.failNext('drop-after', { model: 'purchase.order', method: 'message_post' });
    await unavailable(c.messagePost(po, 'only once'));
    expect(sim.store.count('mail.message', [['model', '=', 'purchase.order'], ['res_id', '=', po]])).toBe(1);
  });
});

describe('transport safety', () => {
  it('refuses plain http to a non-loopback host before any connection', () => {
    expect(() => new OdooClient({ config: clientConfig(sim, { url: 'http://odoo.example.com:8069' }) })).toThrow(ConfigError);
  });

  const hostile = http.createServer((_req, res) => {
    const lol = '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY x SYSTEM "file:///etc/passwd">';
    res.writeHead(200, { 'Content-Type': 'text/xml' });
    res.end(`<?xml version="1.0"?><!DOCTYPE m [${lol}]><methodResponse><params><param><value><string>&b;&x;</string></value></param></params></methodResponse>`);
  });
  const big = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/xml' });
    res.end(`<?xml version="1.0"?><methodResponse><params><param><value><string>${'x'.repeat(200_000)}</string></value></param></params></methodResponse>`);
  });
  const listen = (s: http.Server): Promise<string> =>
    new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)));
  afterAll(() => {
    hostile.close();
    big.close();
  });

  it('expands neither internal nor external XML entities', async () => {
    const transport = new XmlRpcTransport({ url: await listen(hostile), allowInsecureHttp: false, timeoutMs: 2_000 });
    const reply = await transport.call('common', 'version', []).catch((e: unknown) => e);
    transport.close();
    expect(typeof reply).toBe('string');
    expect(reply).not.toContain('aaaaaaaaaa');
    expect(reply).not.toContain('root:');
  });

  it('cuts off a reply larger than the bound and does not retry it', async () => {
    const c = new OdooClient({ config: clientConfig(sim, { url: await listen(big) }), maxResponseBytes: 100_000 });
    const err = await unavailable(c.version());
    c.close();
    expect(err.details).toMatchObject({ reason: 'too_large' });
    expect(c.stats.calls('common.version')).toBe(1);
  });
});
