// Shared XML-RPC helpers for the Odoo simulator tests (real `xmlrpc` client, no mocks).
import xmlrpc from 'xmlrpc';
import type { OdooSimulator } from '../../src/sandbox/odoo/index.js';

export interface Fault { faultCode: number; faultString: string }
export type Row = Record<string, unknown>;
export type Exec = (model: string, method: string, args: unknown[], kw?: Record<string, unknown>) => Promise<unknown>;

export function xmlrpcCall(url: string, method: string, params: unknown[]): Promise<unknown> {
  const client = xmlrpc.createClient({ url });
  return new Promise((resolve, reject) => {
    client.methodCall(method, params, (err: unknown, value: unknown) => (err ? reject(err instanceof Error ? err : new Error('xmlrpc failure')) : resolve(value)));
  });
}

/** execute_kw bound to a user of the simulator. */
export function executor(sim: OdooSimulator, who: 'admin' | 'integration' = 'integration'): Exec {
  const { uid, password } = sim[who];
  return (model, method, args, kw = {}) =>
    xmlrpcCall(`${sim.url}/xmlrpc/2/object`, 'execute_kw', [sim.db, uid, password, model, method, args, kw]);
}

export async function faultOf(p: Promise<unknown>): Promise<Fault> {
  try {
    await p;
  } catch (e) {
    return e as Fault;
  }
  throw new Error('expected a fault');
}

export function lastLine(f: Fault): string {
  return f.faultString.trim().split('\n').pop() ?? '';
}
