// Copies the remotes' call counters of this run into its metrics, so `status`, alerts and Prometheus see them.
import { recordRemoteStats } from '../observability/metrics.js';
import type { AppContext } from './context.js';
import type { RunTracker } from './run.js';

export function recordRemoteMetrics(ctx: AppContext, run: RunTracker): void {
  recordRemoteStats(run, { alibaba: ctx.builtAlibaba()?.client.stats, odoo: ctx.builtOdoo()?.stats });
}
