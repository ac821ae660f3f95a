// Reads and extends the runs table for metrics and alerts: end-of-run gauges, history per command, totals.
import type { Db } from '../state/db.js';
import type { Store } from '../state/store.js';
import { Gauge } from './metrics.js';

/** A finished run as metrics and alerts see it. */
export interface RunSample {
  id: number;
  runId: string;
  command: string;
  startedAt: string;
  finishedAt: string;
  outcome: string;
  exitCode: number | null;
  durationMs: number;
  counts: Record<string, number>;
  phases: Record<string, number>;
  gauges: Record<string, number>;
}

interface Row {
  id: number;
  run_id: string;
  command: string;
  started_at: string;
  finished_at: string;
  outcome: string;
  exit_code: number | null;
  counts: string | null;
  phases: string | null;
  gauges: string | null;
}

const json = (text: string | null): Record<string, number> => (text ? (JSON.parse(text) as Record<string, number>) : {});

function toSample(r: Row): RunSample {
  const phases = json(r.phases);
  return {
    id: r.id,
    runId: r.run_id,
    command: r.command,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    outcome: r.outcome,
    exitCode: r.exit_code,
    durationMs: phases.total ?? new Date(r.finished_at).getTime() - new Date(r.started_at).getTime(),
    counts: json(r.counts),
    phases,
    gauges: json(r.gauges),
  };
}

/** Queue depth and dead letters right now, as the flat gauge names stored with a run. */
export function snapshotGauges(store: Store): Record<string, number> {
  const out: Record<string, number> = {};
  let backlog = 0;
  for (const [kind, n] of Object.entries(store.jobs.depth())) {
    out[`${Gauge.jobsPrefix}${kind}`] = n;
    backlog += n;
  }
  for (const [state, n] of Object.entries(store.outbox.counts())) {
    out[`${Gauge.outboxPrefix}${state}`] = n;
    if (state === 'pending' || state === 'submitting') backlog += n;
  }
  const inbox = store.inbox.counts().pending;
  out[Gauge.inboxPending] = inbox;
  out[Gauge.backlog] = backlog + inbox;
  out[Gauge.deadLetters] = store.deadLetters.activeCount();
  return out;
}

const FINISHED = `finished_at IS NOT NULL AND outcome IS NOT NULL AND outcome <> 'running'`;

export class RunHistory {
  constructor(private readonly db: Db) {}

  get(id: number): RunSample | undefined {
    const row = this.db.prepare<[number], Row>(`SELECT * FROM runs WHERE id = ? AND ${FINISHED}`).get(id);
    return row ? toSample(row) : undefined;
  }

  /** The latest finished runs of every command (newest first). */
  recent(limit: number): RunSample[] {
    return this.db.prepare<[number], Row>(`SELECT * FROM runs WHERE ${FINISHED} ORDER BY id DESC LIMIT ?`).all(limit).map(toSample);
  }

  /** The finished runs of `command` before run `beforeId` (newest first). */
  previous(command: string, beforeId: number, limit: number): RunSample[] {
    return this.db
      .prepare<[string, number, number], Row>(`SELECT * FROM runs WHERE command = ? AND id < ? AND ${FINISHED} ORDER BY id DESC LIMIT ?`)
      .all(command, beforeId, limit)
      .map(toSample);
  }

  /** Every command that has run (walks the runs_command_id index, not the table). */
  commands(): string[] {
    return this.db.prepare<[], { command: string }>('SELECT DISTINCT command FROM runs ORDER BY command').all().map((r) => r.command);
  }

  /** The latest finished run of each command. */
  latestPerCommand(): RunSample[] {
    return this.commands()
      .map((command) => this.previous(command, Number.MAX_SAFE_INTEGER, 1)[0])
      .filter((r): r is RunSample => r !== undefined);
  }

  /** When each command last finished with outcome ok or partial (the work got done). */
  lastSuccess(): Record<string, string> {
    const stmt = this.db.prepare<[string], { at: string }>(
      "SELECT finished_at AS at FROM runs WHERE command = ? AND outcome IN ('ok', 'partial') AND finished_at IS NOT NULL ORDER BY id DESC LIMIT 1",
    );
    const out: Record<string, string> = {};
    for (const command of this.commands()) {
      const at = stmt.get(command)?.at;
      if (at) out[command] = at;
    }
    return out;
  }

  /**
   * Records the end of a run once: its gauges, and its counts, phases and outcome added to the running
   * totals that Prometheus counters are read from. A run already published (gauges set) is skipped.
   */
  publish(run: RunSample | undefined, gauges: Record<string, number>): void {
    if (!run) return;
    const add = this.db.prepare(
      `INSERT INTO run_totals (command, source, name, value) VALUES (?, ?, ?, ?)
       ON CONFLICT (command, source, name) DO UPDATE SET value = value + excluded.value`,
    );
    this.db
      .transaction(() => {
        if (this.db.prepare('UPDATE runs SET gauges = ? WHERE id = ? AND gauges IS NULL').run(JSON.stringify(gauges), run.id).changes === 0) return;
        for (const [name, value] of Object.entries(run.counts)) if (Number.isFinite(value)) add.run(run.command, 'counts', name, value);
        for (const [name, value] of Object.entries(run.phases)) if (Number.isFinite(value)) add.run(run.command, 'phases', name, value);
        add.run(run.command, 'outcomes', run.outcome, 1);
      })
      .immediate();
  }

  /** Running totals since the state file began, per command: `counts` and `phases` by key, `outcomes` = runs per outcome. */
  totals(source: 'counts' | 'phases' | 'outcomes'): { command: string; key: string; value: number }[] {
    return this.db
      .prepare<[string], { command: string; key: string; value: number }>(
        'SELECT command, name AS key, value FROM run_totals WHERE source = ? ORDER BY command, name',
      )
      .all(source);
  }
}
