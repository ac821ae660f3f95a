// Every alert sink against a loopback receiver: one firing notification per incident, one resolve when it clears.
import { beforeAll, describe, expect, it } from 'vitest';
import { ExitCode, RemoteUnavailableError } from '../../src/errors.js';
import { tempDir } from '../helpers/temp.js';
import { receiver, runOnce, type Received } from './observability-helpers.js';

const KEY = 'sink-key-0123456789';

interface SinkCase {
  type: string;
  yaml: string;
  env: (base: string) => Record<string, string>;
  delivery: (base: string) => Record<string, string>;
}

const cases: SinkCase[] = [
  { type: 'webhook', yaml: 'url: ${SINK_URL}', env: (b) => ({ SINK_URL: `${b}/hook/${KEY}` }), delivery: () => ({}) },
  { type: 'slack', yaml: 'webhookUrl: ${SINK_URL}', env: (b) => ({ SINK_URL: `${b}/services/T0/B0/${KEY}` }), delivery: () => ({}) },
  { type: 'pagerduty', yaml: 'routingKey: ${SINK_KEY}', env: () => ({ SINK_KEY: KEY }), delivery: (b) => ({ pagerdutyUrl: `${b}/v2/enqueue` }) },
  { type: 'opsgenie', yaml: 'apiKey: ${SINK_KEY}\n      region: eu', env: () => ({ SINK_KEY: KEY }), delivery: (b) => ({ opsgenieBaseUrl: b }) },
];

const fail = (): Promise<ExitCode> => Promise.reject(new RemoteUnavailableError('odoo', 'connection refused'));
const ok = (): Promise<ExitCode> => Promise.resolve(ExitCode.Ok);

describe.each(cases)('the $type sink', (c) => {
  let requests: Received[] = [];
  const afterRun: number[] = [];

  beforeAll(async () => {
    const dir = tempDir(`aos-sink-${c.type}-`);
    const rx = await receiver(c.type === 'slack' ? 200 : 202);
    requests = rx.requests;
    const yaml = `alerts:\n  sinks:\n    - type: ${c.type}\n      ${c.yaml}\n`;
    const setup = { env: c.env(rx.url), delivery: c.delivery(rx.url) };
    for (const fn of [fail, fail, ok, ok]) {
      await runOnce(dir, yaml, 'pull-products', fn, setup);
      afterRun.push(rx.requests.length);
    }
  });

  it('sends one firing notification for two failed runs in a row', () => {
    expect(afterRun.slice(0, 2)).toEqual([1, 1]);
  });

  it('sends one resolve when the next run succeeds, and nothing more after', () => {
    expect(afterRun.slice(2)).toEqual([2, 2]);
  });

  it('speaks the sink’s own format', () => {
    const [firing, resolved] = requests as [Received, Received];
    const rule = 'failed_run:pull-products';
    expect(firing.method).toBe('POST');
    if (c.type === 'webhook') {
      expect(firing.url).toBe(`/hook/${KEY}`);
      expect(firing.body).toMatchObject({ status: 'firing', rule, command: 'pull-products', summary: expect.stringContaining('exit code 4') as unknown });
      expect(typeof firing.body.runId).toBe('string');
      expect(new Date(String(firing.body.at)).toString()).not.toBe('Invalid Date');
      expect(resolved.body).toMatchObject({ status: 'resolved', rule });
    } else if (c.type === 'slack') {
      expect(firing.body.text).toContain('[FIRING]');
      expect(Array.isArray(firing.body.blocks)).toBe(true);
      expect(resolved.body.text).toContain('[RESOLVED]');
    } else if (c.type === 'pagerduty') {
      expect(firing.url).toBe('/v2/enqueue');
      expect(firing.body).toMatchObject({ routing_key: KEY, event_action: 'trigger', dedup_key: rule, payload: { severity: 'error' } });
      expect(firing.body.payload).toHaveProperty('source');
      expect(resolved.body).toMatchObject({ routing_key: KEY, event_action: 'resolve', dedup_key: rule });
    } else {
      expect(firing.url).toBe('/v2/alerts');
      expect(firing.headers.authorization).toBe(`GenieKey ${KEY}`);
      expect(firing.body).toMatchObject({ alias: rule, priority: 'P2' });
      expect(resolved.url).toBe(`/v2/alerts/${encodeURIComponent(rule)}/close?identifierType=alias`);
      expect(resolved.headers.authorization).toBe(`GenieKey ${KEY}`);
    }
  });
});
