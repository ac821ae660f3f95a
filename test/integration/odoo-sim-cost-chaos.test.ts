// Odoo simulator cost model, stats and injected network faults, seen through the real xmlrpc client.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startOdooSimulator, OdooGroups, type OdooSimulator } from '../../src/sandbox/odoo/index.js';
import { executor, faultOf, xmlrpcCall, type Exec } from './odoo-sim-helpers.js';

let sim: OdooSimulator;
let sync: Exec;

beforeAll(async () => {
  sim = await startOdooSimulator({ faults: { seed: 42, timeoutMs: 200 } });
  sync = executor(sim);
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.resetStats();
  sim.faults.reset();
});

describe('stats and cost model', () => {
  it('counts round trips per service and model method, and writes', async () => {
    await xmlrpcCall(`${sim.url}/xmlrpc/2/common`, 'version', []);
    await sync('product.template', 'create', [[{ name: 'S1' }, { name: 'S2' }]]);
    await sync('product.template', 'search_read', [[]], { limit: 1 });
    expect(sim.stats.roundTrips).toBe(3);
    expect(sim.stats.byService).toEqual({ common: 1, object: 2 });
    expect(sim.stats.byMethod).toMatchObject({ 'common.version': 1, 'product.template.create': 1, 'product.template.search_read': 1 });
    expect(sim.stats.writes).toEqual({ create: 1, write: 0, unlink: 0, total: 1 });
    expect(sim.stats.recordsCreated).toBe(2);
  });

  it('charges a password check on the call after a product creation only', async () => {
    await sync('res.partner', 'create', [{ name: 'No cache flush' }]);
    await sync('res.partner', 'search', [[]]);
    expect(sim.stats.passwordChecks).toBe(0);
    await sync('product.template', 'create', [{ name: 'Flushes the cache' }]);
    await sync('res.partner', 'search', [[]]);
    await sync('res.partner', 'search', [[]]);
    expect(sim.stats.passwordChecks).toBe(1);
  });

  it('makes one-by-one product creation cost more simulated time than a batch', async () => {
    sim.cost.passwordCheckMs = 5;
    try {
      for (let i = 0; i < 3; i++) await sync('product.template', 'create', [{ name: `One ${i}` }]);
      await sync('res.partner', 'search', [[]]);
      const oneByOne = sim.stats.simulatedMs;
      sim.resetStats();
      await sync('product.template', 'create', [[{ name: 'B1' }, { name: 'B2' }, { name: 'B3' }]]);
      await sync('res.partner', 'search', [[]]);
      expect(oneByOne).toBe(15);
      expect(sim.stats.simulatedMs).toBe(5);
    } finally {
      sim.cost.passwordCheckMs = 0;
    }
  });
});

describe('injected faults', () => {
  it('drops the connection after committing, so the write exists but the reply is lost', async () => {
    sim.faults.failNext('drop-after', { model: 'res.partner', method: 'create' });
    const err = await faultOf(sync('res.partner', 'create', [{ name: 'Committed but lost' }])) as unknown as NodeJS.ErrnoException;
    expect(err.code).toMatch(/ECONNRESET|socket hang up/);
    expect(sim.store.search('res.partner', [['name', '=', 'Committed but lost']])).toHaveLength(1);
  });

  it('drops the connection before applying, so nothing is written', async () => {
    sim.faults.failNext('drop-before', { model: 'res.partner' });
    await faultOf(sync('res.partner', 'create', [{ name: 'Never written' }]));
    expect(sim.store.search('res.partner', [['name', '=', 'Never written']])).toEqual([]);
  });

  it('answers HTTP 502 when asked to', async () => {
    sim.faults.failNext('http502');
    const err = await faultOf(sync('res.partner', 'search', [[]])) as unknown as Error;
    expect(err).toBeInstanceOf(Error);
    expect(sim.faults.injected.http502).toBeGreaterThan(0);
  });

  it('hangs a timed-out call and closes it after the cap', async () => {
    sim.faults.failNext('timeout');
    const started = Date.now();
    await faultOf(sync('res.partner', 'search', [[]]));
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('applies random faults at the configured rate reproducibly', async () => {
    sim.faults.set({ seed: 7, http500Rate: 0.5 });
    const outcomes: boolean[] = [];
    for (let i = 0; i < 20; i++) outcomes.push(await sync('res.partner', 'search_count', [[]]).then(() => true, () => false));
    sim.faults.set({ seed: 7, http500Rate: 0.5 });
    const again: boolean[] = [];
    for (let i = 0; i < 20; i++) again.push(await sync('res.partner', 'search_count', [[]]).then(() => true, () => false));
    expect(outcomes).toEqual(again);
    expect(outcomes.filter((ok) => !ok).length).toBeGreaterThan(3);
    expect(outcomes.filter((ok) => ok).length).toBeGreaterThan(3);
  });
});

describe('badly set-up servers', () => {
  it('refuses partner creation to an integration user without Contact Creation', async () => {
    const bad = await startOdooSimulator({ integrationUser: { withoutGroups: [OdooGroups.contactCreation] } });
    try {
      const f = await faultOf(executor(bad)('res.partner', 'create', [{ name: 'x' }]));
      expect([f.faultCode, f.faultString]).toEqual([4, "You are not allowed to create 'Contact' (res.partner) records.\n\n" +
        'This operation is allowed for the following groups:\n\t- Extra Rights/Contact Creation\n\t- Inventory/Administrator\n' +
        '\t- Purchase/Administrator\n\t- Sales/Administrator\n\nContact your administrator to request access if necessary.']);
    } finally {
      await bad.close();
    }
  });

  it('reports missing modules as uninstalled and their models as absent', async () => {
    const bad = await startOdooSimulator({ modules: { stock_delivery: false } });
    try {
      const rows = await executor(bad)('ir.module.module', 'search_read', [[['name', 'in', ['stock_delivery', 'purchase']]]], { fields: ['name', 'state'], order: 'name' });
      expect(rows).toEqual([expect.objectContaining({ name: 'purchase', state: 'installed' }), expect.objectContaining({ name: 'stock_delivery', state: 'uninstalled' })]);
      const f = await faultOf(executor(bad)('delivery.carrier', 'search', [[]]));
      expect(f.faultString).toBe("Object delivery.carrier doesn't exist");
    } finally {
      await bad.close();
    }
  });
});
