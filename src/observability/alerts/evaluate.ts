// Evaluates the alert rules after a run, updates the alert state and notifies every sink; never throws.
import type { z } from 'zod';
import type { AlertsConfig } from '../../config/schema.js';
import type { Logger } from '../../log/logger.js';
import type { Store } from '../../state/store.js';
import { RunHistory } from '../run-history.js';
import { BACKLOG_RUNS, BACKLOG_THRESHOLD, SLOW_RUN_WINDOW, evaluateRules, type AlertThresholds, type Severity } from './rules.js';
import { deliverToAll, type Notification, type SinkDeliveryOptions } from './sinks.js';
import { AlertStore } from './state.js';

export type AlertsSettings = z.infer<typeof AlertsConfig>;

export interface EvaluateAlertsOptions {
  store: Store;
  /** The row id (runs.id) of the run that just finished. */
  runRowId: number;
  alerts: AlertsSettings;
  logger: Logger;
  delivery?: SinkDeliveryOptions | undefined;
  backlogThreshold?: number | undefined;
  clock?: (() => Date) | undefined;
}

export interface SentNotification {
  rule: string;
  status: 'firing' | 'resolved';
  /** How many sinks accepted it. */
  delivered: number;
  failed: number;
}

/** Sends what the state changes owe; the alert state is written before sending, so a crash cannot double-send. */
export async function evaluateAlerts(options: EvaluateAlertsOptions): Promise<SentNotification[]> {
  const { store, alerts, logger } = options;
  const clock = options.clock ?? (() => new Date());
  const history = new RunHistory(store.db);
  const state = new AlertStore(store.db, () => clock().toISOString());
  const run = history.get(options.runRowId);
  if (!run) return [];
  const thresholds: AlertThresholds = {
    authFailures: alerts.authFailures,
    deadLetters: alerts.deadLetters,
    slowRunFactor: alerts.slowRunFactor,
    backlog: options.backlogThreshold ?? BACKLOG_THRESHOLD,
  };
  const verdicts = evaluateRules(
    {
      run,
      previous: history.previous(run.command, run.id, SLOW_RUN_WINDOW),
      recent: history.recent(Math.max(alerts.authFailures, BACKLOG_RUNS)),
      deadLetters: store.deadLetters.activeCount(),
    },
    thresholds,
  );
  const sent: SentNotification[] = [];
  for (const verdict of verdicts) {
    let notification: Notification | undefined;
    const base = { rule: verdict.rule, runId: run.runId, command: run.command, at: clock().toISOString() };
    if (verdict.action === 'fire') {
      const owed = state.fire(verdict.rule, { summary: verdict.summary, details: verdict.details, runId: run.runId, command: run.command });
      if (owed) notification = { ...base, status: 'firing', summary: verdict.summary, details: verdict.details, severity: verdict.severity };
      if (owed) logger.warn(`alert firing: ${verdict.summary}`, { rule: verdict.rule });
    } else if (state.resolve(verdict.rule)) {
      const was = state.get(verdict.rule);
      const severity: Severity = 'info';
      notification = { ...base, status: 'resolved', summary: `resolved: ${was?.summary ?? verdict.rule}`, details: was?.details ?? {}, severity };
      logger.info(`alert resolved: ${verdict.rule}`, { rule: verdict.rule });
    }
    if (!notification || alerts.sinks.length === 0) continue;
    const { delivered, failed } = await deliverToAll(alerts.sinks, notification, logger, options.delivery);
    if (delivered > 0) state.markSent(verdict.rule);
    sent.push({ rule: verdict.rule, status: notification.status, delivered, failed });
  }
  return sent;
}
