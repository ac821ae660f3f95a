// HTTP plumbing for the simulator: read form or JSON bodies, write JSON with big ids kept as literals.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringifyWithBigInts } from '../../alibaba/json.js';

const MAX_BODY_BYTES = 2 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Query-string and form-body parameters merged; body values win. */
export function formParams(url: URL, body: string): Record<string, string> {
  const params: Record<string, string> = Object.fromEntries(url.searchParams);
  for (const [key, value] of new URLSearchParams(body)) params[key] = value;
  return params;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = stringifyWithBigInts(body);
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
