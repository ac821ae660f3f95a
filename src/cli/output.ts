// Human and machine output: tables and summaries on stdout, JSON without colour, nothing else.
import chalk, { Chalk } from 'chalk';
import Table from 'cli-table3';
import type { Io } from './io.js';

export class Output {
  readonly json: boolean;
  readonly quiet: boolean;
  private readonly io: Io;
  readonly color: typeof chalk;

  constructor(io: Io, options: { json: boolean; quiet: boolean }) {
    this.io = io;
    this.json = options.json;
    this.quiet = options.quiet;
    this.color = new Chalk({ level: io.stdoutIsTTY && !options.json && !io.env.NO_COLOR ? chalk.level || 1 : 0 });
  }

  /** Prints a value as JSON on stdout (always, even with --quiet: it was asked for). */
  printJson(value: unknown): void {
    this.io.stdout(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** A line of human output; suppressed by --quiet. */
  line(text = ''): void {
    if (!this.quiet) this.io.stdout(`${text}\n`);
  }

  /** A line that must be seen even with --quiet (a result, a difference, a failure summary). */
  important(text: string): void {
    this.io.stdout(`${text}\n`);
  }

  table(head: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[], title?: string): void {
    if (this.quiet) return;
    if (title) this.line(this.color.bold(title));
    const table = new Table({
      head: head.map((h) => this.color.bold(h)),
      style: { head: [], border: [] },
      wordWrap: true,
    });
    for (const row of rows) table.push(row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))));
    this.line(table.toString());
  }
}

/** Milliseconds as a short human duration: 850ms, 12.3s, 4m05s. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1_000);
  return `${minutes}m${String(seconds).padStart(2, '0')}s`;
}

/** A time relative to now: "in 3h", "2d ago". */
export function formatRelative(iso: string, now: Date = new Date()): string {
  const diff = new Date(iso).getTime() - now.getTime();
  const abs = Math.abs(diff);
  const unit =
    abs < 90_000 ? `${Math.round(abs / 1_000)}s` : abs < 5_400_000 ? `${Math.round(abs / 60_000)}m` : abs < 172_800_000 ? `${Math.round(abs / 3_600_000)}h` : `${Math.round(abs / 86_400_000)}d`;
  return diff >= 0 ? `in ${unit}` : `${unit} ago`;
}
