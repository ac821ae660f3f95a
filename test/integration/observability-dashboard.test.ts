// The Grafana dashboard only queries metrics the exposition really has, and draws the alert rules' default thresholds.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AlertsConfig } from '../../src/config/schema.js';
import { BACKLOG_THRESHOLD } from '../../src/observability/alerts/rules.js';
import { renderMetrics } from '../../src/observability/prometheus.js';
import { Store } from '../../src/state/store.js';
import { tempDir } from '../helpers/temp.js';
import { parseExposition, seedState, statePath } from './observability-helpers.js';

interface Panel {
  title: string;
  targets: { expr: string }[];
  fieldConfig: { defaults: { thresholds: { steps: { color: string; value: number | null }[] } } };
}
interface Dashboard {
  __inputs: { name: string; type: string; pluginId: string }[];
  panels: Panel[];
  templating: { list: { query: { query: string } }[] };
}

const dashboard = JSON.parse(readFileSync(new URL('../../dashboards/alibaba-odoo-sync.grafana.json', import.meta.url), 'utf8')) as Dashboard;
const exprs = [...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)), ...dashboard.templating.list.map((v) => v.query.query)];
const queried = [...new Set(exprs.flatMap((e) => e.match(/alibaba_odoo_sync_[a-zA-Z0-9_]+/g) ?? []))];
const panel = (title: string): Panel => dashboard.panels.find((p) => p.title === title)!;
const redAt = (p: Panel): number | null | undefined => p.fieldConfig.defaults.thresholds.steps.find((s) => s.color === 'red')?.value;

describe('the Grafana dashboard', () => {
  let exposed: Set<string>;

  beforeAll(async () => {
    const dir = tempDir('aos-dashboard-');
    await seedState(dir);
    const store = new Store(statePath(dir));
    exposed = new Set(parseExposition(renderMetrics(store)).keys());
    store.close();
  });

  it('takes its Prometheus data source as an import input', () => {
    expect(dashboard.__inputs).toEqual([expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus' })]);
  });

  it('queries a dozen metrics or more', () => {
    expect(queried.length).toBeGreaterThanOrEqual(12);
  });

  it('queries only metrics that the exposition contains', () => {
    expect(queried.filter((name) => !exposed.has(name))).toEqual([]);
  });

  it('draws the dead-letter alert threshold at the config default', () => {
    expect(redAt(panel('Dead letters'))).toBe(AlertsConfig.parse({}).deadLetters);
  });

  it('draws the authentication-failure alert threshold at the config default', () => {
    expect(redAt(panel('Consecutive authentication failures'))).toBe(AlertsConfig.parse({}).authFailures);
  });

  it('draws the backlog alert threshold', () => {
    expect(redAt(panel('Queue depth'))).toBe(BACKLOG_THRESHOLD);
  });

  it('draws the slow-run line at the default factor times the median', () => {
    expect(panel('Sync duration per command').targets.map((t) => t.expr)).toContain(
      `${AlertsConfig.parse({}).slowRunFactor} * alibaba_odoo_sync_run_duration_median_seconds{command=~"$command"}`,
    );
  });
});
