// The /_control/* JSON API: the in-process control operations over HTTP, for the CLI demo.
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { sendJson } from './http-util.js';
import type { SimulatorCore } from './simulator.js';
import { SimulatorError, isRecord } from './util.js';

type Body = Record<string, unknown>;

const OfferChangeBody = z.object({ subject: z.string().optional(), price: z.number().positive().optional(), stock: z.number().int().min(0).optional(), skuStock: z.record(z.string(), z.number().int().min(0)).optional(), status: z.string().optional() });
const ShipItem = z.object({ specId: z.string().optional(), productId: z.string().optional(), quantity: z.number().int().positive().optional() });
const ShipPackage = z.object({ trackingNumber: z.string().optional(), carrier: z.string().optional(), items: z.array(ShipItem).optional() });
const ShipBody = z.object({ trackingNumber: z.string().optional(), carrier: z.string().optional(), partial: z.boolean().optional(), packages: z.array(ShipPackage).min(1).optional() });
const FaultBody = z.record(z.string(), z.number().min(0));

function validated<T>(schema: z.ZodType<T>, body: Body): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new SimulatorError(400, result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return result.data;
}

function parseBody(text: string): Body {
  if (text.trim() === '') return {};
  const parsed = JSON.parse(text) as unknown;
  if (!isRecord(parsed)) throw new SimulatorError(400, 'body must be a JSON object');
  return parsed;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function route(core: SimulatorCore, method: string, parts: string[], body: Body): unknown {
  const [head, id, action] = parts;
  if (method === 'GET' && head === 'stats') return core.stats();
  if (method === 'GET' && head === 'offers') return core.listOffers();
  if (method === 'GET' && head === 'orders') return core.listOrders();
  if (method === 'GET' && head === 'faults') return core.faults.knobs;
  if (method === 'GET' && head === 'push') return core.ctx.push.all().map((m) => ({ msgId: String(m.msgId), type: m.type, delivered: m.delivered, confirmed: m.confirmed, attempts: m.attempts }));
  if (method !== 'POST') throw new SimulatorError(405, `${method} not supported here`);
  switch (head) {
    case 'seed': {
      const input = { replace: body['replace'] === true } as { replace: boolean; count?: number; seed?: number; suppliers?: number };
      for (const key of ['count', 'seed', 'suppliers'] as const) {
        const value = num(body[key]);
        if (value !== undefined) input[key] = value;
      }
      return { productIds: core.seedCatalog(input) };
    }
    case 'offers': {
      if (!id) throw new SimulatorError(400, 'offer id missing');
      if (typeof body['permitted'] === 'boolean') core.setOfferPermitted(id, body['permitted']);
      core.updateOffer(id, validated(OfferChangeBody, body));
      return { ok: true };
    }
    case 'orders': {
      if (!id) throw new SimulatorError(400, 'order id missing');
      if (action === 'pay') return core.payOrder(id);
      if (action === 'ship') return core.shipOrder(id, validated(ShipBody, body));
      if (action === 'deliver') return core.deliverOrder(id);
      if (action === 'complete') return core.completeOrder(id);
      if (action === 'cancel') return core.cancelOrder(id, str(body['reason']));
      throw new SimulatorError(404, `unknown order action ${action ?? ''}`);
    }
    case 'tokens':
      if (id === 'expire') return core.expireTokens({ refresh: body['refresh'] === true }), { ok: true };
      if (id === 'issue') return core.issueToken();
      throw new SimulatorError(404, `unknown token action ${id ?? ''}`);
    case 'push': {
      const type = str(body['type']);
      if (!type) throw new SimulatorError(400, 'type is required');
      return core.sendPush(type, isRecord(body['data']) ? body['data'] : {});
    }
    case 'faults':
      return core.faults.update(validated(FaultBody, body));
    case 'clock': {
      const advance = num(body['advanceMs']);
      const offset = num(body['offsetMs']);
      if (offset !== undefined) core.clockOffsetMs = offset;
      if (advance !== undefined) core.clockOffsetMs += advance;
      return { offsetMs: core.clockOffsetMs };
    }
    default:
      throw new SimulatorError(404, `unknown control route ${parts.join('/')}`);
  }
}

export function handleControl(core: SimulatorCore, res: ServerResponse, method: string, pathname: string, text: string): void {
  const parts = pathname.replace(/^\/_control\/?/, '').split('/').filter((p) => p !== '').map(decodeURIComponent);
  try {
    sendJson(res, 200, route(core, method, parts, parseBody(text)));
  } catch (error) {
    const status = error instanceof SimulatorError ? error.status : error instanceof SyntaxError ? 400 : 500;
    sendJson(res, status, { error: error instanceof Error ? error.message : String(error) });
  }
}
