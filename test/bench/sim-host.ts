// Worker-thread host of one simulator, so its CPU work never stalls the tool's event loop (as real remotes would not).
import { parentPort, workerData } from 'node:worker_threads';
import { startAlibabaSimulator, type AlibabaSimulatorOptions } from '../../src/sandbox/alibaba/index.js';
import { startOdooSimulator, type OdooSimOptions } from '../../src/sandbox/odoo/index.js';

export type HostData = { kind: 'odoo'; options: OdooSimOptions } | { kind: 'alibaba'; options: AlibabaSimulatorOptions; catalog: number };

export interface HostRequest {
  id: number;
  /** A dotted path on the simulator object: `stats`, `resetStats`, `store.write`, `payOrder`... */
  path: string;
  args: unknown[];
}

export type HostReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** The simulator's plain facts the parent needs up front (URLs, credentials, seeded offer ids). */
export type HostInfo = Record<string, unknown>;

async function start(data: HostData): Promise<{ target: object; info: HostInfo; close: () => Promise<void> }> {
  if (data.kind === 'odoo') {
    const sim = await startOdooSimulator(data.options);
    return { target: sim, info: { url: sim.url, db: sim.db, login: sim.integration.login, password: sim.integration.password }, close: () => sim.close() };
  }
  const sim = await startAlibabaSimulator(data.options);
  const offerIds = sim.seedCatalog({ count: data.catalog });
  // Settings are plain fields on the simulator; a method lets the parent change them across the thread.
  Object.assign(sim, { setPushUrl: (url: string) => void (sim.pushConfig.url = url) });
  const info = { url: sim.url, authorizeUrl: sim.authorizeUrl, imageBaseUrl: sim.imageBaseUrl, appKey: sim.appKey, appSecret: sim.appSecret, offerIds };
  return { target: sim, info, close: () => sim.close() };
}

function resolve(target: object, path: string): { fn: unknown; self: unknown } {
  const parts = path.split('.');
  let self: unknown = target;
  for (const p of parts.slice(0, -1)) self = (self as Record<string, unknown>)[p];
  return { fn: (self as Record<string, unknown>)[parts[parts.length - 1]!], self };
}

const port = parentPort!;
const host = await start(workerData as HostData);
port.on('message', (req: HostRequest | 'close') => {
  if (req === 'close') {
    void host.close().then(() => port.close());
    return;
  }
  void (async (): Promise<HostReply> => {
    try {
      const { fn, self } = resolve(host.target, req.path);
      const value: unknown = typeof fn === 'function' ? await (fn as (...a: unknown[]) => unknown).apply(self, req.args) : fn;
      return { id: req.id, ok: true, value: JSON.parse(JSON.stringify(value ?? null)) as unknown };
    } catch (err) {
      return { id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  })().then((reply) => port.postMessage(reply));
});
port.postMessage({ ready: host.info });
