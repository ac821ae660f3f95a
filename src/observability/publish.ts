// End of every tracked run: store queue gauges with the run, evaluate alerts, write the metrics file; best effort.
import { describeError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../state/store.js';
import { evaluateAlerts, type AlertsSettings, type SentNotification } from './alerts/evaluate.js';
import type { SinkDeliveryOptions } from './alerts/sinks.js';
import { renderMetrics, writeFileAtomic } from './prometheus.js';
import { RunHistory, snapshotGauges } from './run-history.js';

export interface PublishOptions {
  store: Store;
  /** runs.id of the run that just finished. */
  runRowId: number;
  logger: Logger;
  /** Alert settings from the config; undefined when the command ran without a config file. */
  alerts?: AlertsSettings | undefined;
  delivery?: SinkDeliveryOptions | undefined;
  /** Absolute path for the Prometheus textfile (`--metrics-file`). */
  metricsFile?: string | undefined;
  clock?: (() => Date) | undefined;
}

/** Never throws: monitoring that breaks must not turn a good run into a failed one. */
export async function publishRunEnd(options: PublishOptions): Promise<SentNotification[]> {
  const { store, logger } = options;
  const clock = options.clock ?? (() => new Date());
  let sent: SentNotification[] = [];
  if (!store.db.open) return sent;
  try {
    const history = new RunHistory(store.db);
    history.publish(history.get(options.runRowId), snapshotGauges(store));
  } catch (err) {
    logger.warn('could not record the metrics of the run', { error: describeError(err) });
  }
  if (options.alerts) {
    try {
      sent = await evaluateAlerts({ store, runRowId: options.runRowId, alerts: options.alerts, logger, delivery: options.delivery, clock });
    } catch (err) {
      logger.warn('could not evaluate alerts', { error: describeError(err) });
    }
  }
  if (options.metricsFile) {
    try {
      writeFileAtomic(options.metricsFile, renderMetrics(store, clock()));
    } catch (err) {
      logger.warn('could not write the metrics file', { file: options.metricsFile, error: describeError(err) });
    }
  }
  return sent;
}

/** The alert settings of a context that has a config file, or undefined (no file, or it does not load). */
export function alertSettingsOf(ctx: { hasConfigFile(): boolean; config(): { config: { alerts: AlertsSettings } } }): AlertsSettings | undefined {
  try {
    return ctx.hasConfigFile() ? ctx.config().config.alerts : undefined;
  } catch {
    return undefined;
  }
}
