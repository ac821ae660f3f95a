// Test helpers for observability: a tiny Prometheus exposition parser and a loopback HTTP receiver for alert sinks.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { AppContext } from '../../src/cli/context.js';
import { trackedRun, type RunTracker } from '../../src/cli/run.js';
import { ExitCode, RemoteUnavailableError } from '../../src/errors.js';
import { Phase, countRecord, recordRemoteStats } from '../../src/observability/metrics.js';
import { Store } from '../../src/state/store.js';
import { baseConfig, writeConfig } from '../helpers/temp.js';

export interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface ParsedFamily {
  type: string;
  help: string;
  samples: ParsedSample[];
}

/** Parses the text exposition format strictly enough to catch malformed output: TYPE before samples, escapes, values. */
export function parseExposition(text: string): Map<string, ParsedFamily> {
  const families = new Map<string, ParsedFamily>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta) {
      const family = families.get(meta[2]!) ?? { type: '', help: '', samples: [] };
      if (meta[1] === 'HELP') family.help = meta[3]!;
      else family.type = meta[3]!;
      families.set(meta[2]!, family);
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample) throw new Error(`malformed line: ${line}`);
    const family = families.get(sample[1]!);
    if (!family?.type) throw new Error(`sample before its TYPE line: ${line}`);
    const value = Number(sample[3]!.replace('+Inf', 'Infinity').replace('-Inf', '-Infinity'));
    if (Number.isNaN(value) && sample[3] !== 'NaN') throw new Error(`bad value: ${line}`);
    family.samples.push({ name: sample[1]!, labels: parseLabels(sample[2] ?? ''), value });
  }
  return families;
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  const pattern = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < text.length && (match = pattern.exec(text))) {
    labels[match[1]!] = match[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  }
  if (pattern.lastIndex !== text.length) throw new Error(`malformed labels: ${text}`);
  return labels;
}

/** The value of the one sample of `name` whose labels include `labels`. */
export function valueOf(families: Map<string, ParsedFamily>, name: string, labels: Record<string, string> = {}): number | undefined {
  const matches = families.get(name)?.samples.filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v)) ?? [];
  if (matches.length > 1) throw new Error(`${matches.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return matches[0]?.value;
}

export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** A loopback HTTP receiver that records JSON requests and answers with `status` (changeable). */
export async function receiver(status = 202): Promise<{ url: string; requests: Received[]; setStatus(s: number): void; server: Server }> {
  const requests: Received[] = [];
  let answer = status;
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (chunk: Buffer) => (data += chunk.toString()));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: data ? (JSON.parse(data) as Record<string, unknown>) : {} });
      res.writeHead(answer, { 'content-type': 'application/json' }).end('{"status":"success"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, setStatus: (s) => (answer = s), server };
}

export const TEST_ENV = { ODOO_PASSWORD: 'odoo-pw-123456', ALIBABA_APP_SECRET: 'app-secret-abcdef' };

/** A context over a config in `dir` with `alertsYaml` appended, its state in `dir`/state.sqlite. */
export function contextWith(dir: string, alertsYaml: string, env: Record<string, string> = {}, options: { metricsFile?: string } = {}): AppContext & { io: ReturnType<typeof memoryIo> } {
  const config = writeConfig(dir, baseConfig(alertsYaml));
  const io = memoryIo({ ...TEST_ENV, ...env }, dir);
  const ctx = new AppContext(
    { config, json: false, verbose: false, quiet: false, dryRun: false, logFormat: 'json', ...(options.metricsFile ? { metricsFile: options.metricsFile } : {}) },
    io,
  );
  ctx.alertDelivery.timeoutMs = 2_000;
  return ctx as AppContext & { io: ReturnType<typeof memoryIo> };
}

export const statePath = (dir: string): string => path.join(dir, 'state.sqlite');

/** One CLI-like invocation: a fresh context, one tracked run of `command`, closed; returns the exit code (or the error) and stderr. */
export async function runOnce(
  dir: string,
  alertsYaml: string,
  command: string,
  fn: (run: RunTracker) => Promise<ExitCode>,
  setup: { env?: Record<string, string>; metricsFile?: string; delivery?: AppContext['alertDelivery'] } = {},
): Promise<{ code: number | undefined; error: unknown; stderr: string }> {
  const ctx = contextWith(dir, alertsYaml, setup.env, setup.metricsFile ? { metricsFile: setup.metricsFile } : {});
  Object.assign(ctx.alertDelivery, setup.delivery ?? {});
  let code: number | undefined;
  let error: unknown;
  try {
    code = await trackedRun(ctx, command, [], fn);
  } catch (err) {
    error = err;
  } finally {
    await ctx.close();
  }
  return { code, error, stderr: ctx.io.err.join('') };
}

export const ACCESS_EXPIRY = new Date('2030-01-02T03:04:05Z');

/** A state with two runs of pull-products, a failed push-orders, queued work, a dead letter and a token. */
export async function seedState(dir: string, metricsFile?: string): Promise<void> {
  const store = new Store(statePath(dir));
  store.jobs.enqueue('offer', '101', { offerId: '101' });
  store.jobs.enqueue('offer', '102', { offerId: '102' });
  store.outbox.ensure({ odooDb: 'odoo', poId: 7, poName: 'P00007', outOrderId: 'odoo-7', payload: {} });
  store.inbox.add('m1', 'ORDER_BUYER_VIEW_ORDER_PAY', { orderId: '1' });
  store.deadLetters.add({ kind: 'offer', key: '9', payload: {}, attempts: 5, failure: { code: 'x', message: 'bad' } });
  store.tokens.save({
    provider: '1688',
    accessToken: 'access-token-value',
    refreshToken: 'refresh-token-value',
    accessExpiresAt: ACCESS_EXPIRY,
    refreshExpiresAt: null,
    memberId: null,
    aliId: null,
    resourceOwner: null,
  });
  store.close();
  const setup = metricsFile ? { metricsFile } : {};
  for (const created of [3, 4]) {
    await runOnce(dir, '', 'pull-products', async (run) => {
      countRecord(run, 'offer', 'created', created);
      countRecord(run, 'variant', 'dead_lettered');
      await run.phase(Phase.fetch, () => Promise.resolve());
      recordRemoteStats(run, {
        alibaba: { calls: 10, retries: 2, failures: 1, flowControlled: 1, rateLimitWaitMs: 1500, retryAfterWaitMs: 500 },
        odoo: { roundTrips: 6, retries: 1, faults: 0 },
      });
      return ExitCode.RecordsFailed;
    }, setup);
  }
  await runOnce(dir, '', 'push-orders', () => Promise.reject(new RemoteUnavailableError('odoo', 'down')), setup);
}
