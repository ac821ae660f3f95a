// One compact line per run for `status`: records by kind and outcome, remote calls, time per phase.
import { Phase, RECORD_OUTCOMES, parseRecordMetric, parseRemoteMetric } from './metrics.js';

const REMOTE_LABEL: Record<string, string> = { alibaba: '1688', odoo: 'odoo' };

function ms(value: number): string {
  return value < 1_000 ? `${Math.round(value)}ms` : `${(value / 1_000).toFixed(1)}s`;
}

/**
 * e.g. `offer 3 created, 1 failed; variant 9 updated | 1688 42 calls, 1 errors, wait 1.2s; odoo 12 calls | fetch 1.2s, write 2.1s`.
 * Zero counts are left out; counters outside the contract are listed by name at the end of the records part.
 */
export function summarizeRun(counts: Readonly<Record<string, number>>, phases: Readonly<Record<string, number>>): string {
  const byKind = new Map<string, Map<string, number>>();
  const remotes = new Map<string, Map<string, number>>();
  const other: string[] = [];
  for (const [name, value] of Object.entries(counts)) {
    if (value === 0) continue;
    const record = parseRecordMetric(name);
    const remote = parseRemoteMetric(name);
    if (record) {
      const kind = byKind.get(record.kind) ?? new Map<string, number>();
      kind.set(record.outcome, (kind.get(record.outcome) ?? 0) + value);
      byKind.set(record.kind, kind);
    } else if (remote) {
      const entry = remotes.get(remote.remote) ?? new Map<string, number>();
      entry.set(remote.what, value);
      remotes.set(remote.remote, entry);
    } else other.push(`${name} ${value}`);
  }
  const records = [...byKind].map(
    ([kind, outcomes]) =>
      `${kind} ${RECORD_OUTCOMES.filter((o) => outcomes.has(o))
        .map((o) => `${outcomes.get(o)} ${o.replace('_', '-')}`)
        .join(', ')}`,
  );
  const remote = [...remotes].map(([name, m]) => {
    const parts = [`${m.get('calls') ?? 0} calls`];
    for (const what of ['errors', 'retries', 'throttled']) if (m.get(what)) parts.push(`${m.get(what)} ${what}`);
    const wait = m.get('ratelimit_wait_ms');
    if (wait) parts.push(`wait ${ms(wait)}`);
    return `${REMOTE_LABEL[name] ?? name} ${parts.join(', ')}`;
  });
  const timed = [Phase.fetch, Phase.map, Phase.write].filter((p) => phases[p] !== undefined).map((p) => `${p} ${ms(phases[p]!)}`);
  return [[...records, ...other].join('; '), remote.join('; '), timed.join(', ')].filter((s) => s.length > 0).join(' | ');
}
