// Alert sinks: generic JSON webhook, Slack incoming webhook, PagerDuty Events API v2 and Opsgenie, over got.
import got from 'got';
import type { z } from 'zod';
import type { AlertSink } from '../../config/schema.js';
import { describeError } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import type { Severity } from './rules.js';

export type AlertSinkConfig = z.infer<typeof AlertSink>;

export interface Notification {
  status: 'firing' | 'resolved';
  rule: string;
  summary: string;
  details: Record<string, unknown>;
  severity: Severity;
  runId: string;
  command: string;
  /** ISO time of the evaluation. */
  at: string;
}

/** Internal knobs (not config): tests point PagerDuty and Opsgenie at a loopback receiver. */
export interface SinkDeliveryOptions {
  timeoutMs?: number | undefined;
  /** Full URL of the PagerDuty Events API v2 enqueue endpoint. */
  pagerdutyUrl?: string | undefined;
  /** Base URL of the Opsgenie API (no trailing /v2). */
  opsgenieBaseUrl?: string | undefined;
  /** Where the alert comes from (PagerDuty `source`, Opsgenie `source`): the host name by default. */
  source?: string | undefined;
}

export const PAGERDUTY_URL = 'https://events.pagerduty.com/v2/enqueue';
export const OPSGENIE_URLS = { us: 'https://api.opsgenie.com', eu: 'https://api.eu.opsgenie.com' } as const;
export const DEFAULT_SINK_TIMEOUT_MS = 5_000;

/** A sink did not accept a notification. The message never carries the URL or key. */
export class SinkError extends Error {
  constructor(readonly sink: string, message: string, options?: { cause?: unknown }) {
    super(`${sink}: ${message}`, options);
    this.name = 'SinkError';
  }
}

interface Request {
  url: string;
  body: unknown;
  headers?: Record<string, string>;
}

const OPSGENIE_PRIORITY: Record<Severity, string> = { critical: 'P1', error: 'P2', warning: 'P3', info: 'P5' };

/** What a sink of this type receives for a notification: URL, JSON body and headers. */
export function buildRequest(sink: AlertSinkConfig, n: Notification, options: SinkDeliveryOptions = {}): Request {
  const source = options.source ?? 'alibaba-odoo-sync';
  switch (sink.type) {
    case 'webhook':
      return {
        url: sink.url,
        body: { status: n.status, rule: n.rule, summary: n.summary, details: n.details, severity: n.severity, runId: n.runId, command: n.command, at: n.at },
      };
    case 'slack': {
      const head = n.status === 'firing' ? `:rotating_light: [FIRING] ${n.summary}` : `:white_check_mark: [RESOLVED] ${n.summary}`;
      return {
        url: sink.webhookUrl,
        body: {
          text: head,
          blocks: [
            { type: 'section', text: { type: 'mrkdwn', text: head } },
            { type: 'context', elements: [{ type: 'mrkdwn', text: `rule \`${n.rule}\` · command \`${n.command}\` · run \`${n.runId}\` · ${n.at}` }] },
          ],
        },
      };
    }
    case 'pagerduty':
      return {
        url: options.pagerdutyUrl ?? PAGERDUTY_URL,
        body:
          n.status === 'firing'
            ? {
                routing_key: sink.routingKey,
                event_action: 'trigger',
                dedup_key: n.rule,
                payload: { summary: n.summary.slice(0, 1024), source, severity: n.severity, component: n.command, custom_details: { ...n.details, runId: n.runId } },
              }
            : { routing_key: sink.routingKey, event_action: 'resolve', dedup_key: n.rule },
      };
    case 'opsgenie': {
      const base = (options.opsgenieBaseUrl ?? OPSGENIE_URLS[sink.region]).replace(/\/+$/, '');
      const headers = { authorization: `GenieKey ${sink.apiKey}` };
      if (n.status === 'resolved') {
        return { url: `${base}/v2/alerts/${encodeURIComponent(n.rule)}/close?identifierType=alias`, headers, body: { source, note: n.summary } };
      }
      return {
        url: `${base}/v2/alerts`,
        headers,
        body: {
          message: n.summary.slice(0, 130),
          alias: n.rule,
          description: n.summary,
          priority: OPSGENIE_PRIORITY[n.severity],
          source,
          tags: ['alibaba-odoo-sync', n.command],
          details: Object.fromEntries(Object.entries({ ...n.details, runId: n.runId, command: n.command }).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])),
        },
      };
    }
  }
}

/** Sends one notification to one sink; throws a SinkError unless the sink answered 2xx. */
export async function deliver(sink: AlertSinkConfig, n: Notification, options: SinkDeliveryOptions = {}): Promise<void> {
  const request = buildRequest(sink, n, options);
  let status: number;
  try {
    const response = await got.post(request.url, {
      json: request.body,
      headers: { 'content-type': 'application/json', ...request.headers },
      timeout: { request: options.timeoutMs ?? DEFAULT_SINK_TIMEOUT_MS },
      retry: { limit: 0 },
      throwHttpErrors: false,
      followRedirect: false,
    });
    status = response.statusCode;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    throw new SinkError(sink.type, `request failed (${typeof code === 'string' ? code : 'network error'})`, { cause: err });
  }
  if (status < 200 || status >= 300) throw new SinkError(sink.type, `answered HTTP ${status}`);
}

/**
 * Sends one notification to every sink at once; returns how many accepted it. A failing sink is logged
 * by its type and position only (its URL or key is a secret) and never throws.
 */
export async function deliverToAll(
  sinks: readonly AlertSinkConfig[],
  n: Notification,
  logger: Logger,
  options: SinkDeliveryOptions = {},
): Promise<{ delivered: number; failed: number }> {
  const results = await Promise.allSettled(sinks.map((sink) => deliver(sink, n, options)));
  let delivered = 0;
  results.forEach((result, index) => {
    if (result.status === 'fulfilled') delivered += 1;
    else {
      logger.warn('alert sink failed; the run goes on', {
        sink: `${sinks[index]?.type ?? 'unknown'}#${index + 1}`,
        rule: n.rule,
        status: n.status,
        error: describeError(result.reason),
      });
    }
  });
  return { delivered, failed: results.length - delivered };
}
