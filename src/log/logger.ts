// Structured logger: JSON lines or pretty text on stderr, levels, correlation ids, secrets masked.
import { randomBytes } from 'node:crypto';
import chalk from 'chalk';
import { Redactor } from '../config/redact.js';
import { AppError } from '../errors.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'json' | 'pretty';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  level: LogLevel;
  format: LogFormat;
  /** Receives one finished line (with a trailing newline). */
  write: (line: string) => void;
  redactor: Redactor;
  color?: boolean;
  clock?: () => Date;
}

/** A short random id that ties together the lines of one run or one record. */
export function newCorrelationId(): string {
  return randomBytes(6).toString('hex');
}

export class Logger {
  private readonly options: LoggerOptions;
  private readonly fields: Readonly<Record<string, unknown>>;

  constructor(options: LoggerOptions, fields: Record<string, unknown> = {}) {
    this.options = options;
    this.fields = fields;
  }

  /** A logger that adds `fields` (e.g. a record's correlation id) to every line. */
  child(fields: Record<string, unknown>): Logger {
    return new Logger(this.options, { ...this.fields, ...fields });
  }

  get level(): LogLevel {
    return this.options.level;
  }

  get redactor(): Redactor {
    return this.options.redactor;
  }

  isEnabled(level: LogLevel): boolean {
    return RANK[level] >= RANK[this.options.level];
  }

  debug(msg: string, fields?: Record<string, unknown>): void {
    this.log('debug', msg, fields);
  }
  info(msg: string, fields?: Record<string, unknown>): void {
    this.log('info', msg, fields);
  }
  warn(msg: string, fields?: Record<string, unknown>): void {
    this.log('warn', msg, fields);
  }
  error(msg: string, fields?: Record<string, unknown>): void {
    this.log('error', msg, fields);
  }

  log(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
    if (!this.isEnabled(level)) return;
    const { redactor, format, write } = this.options;
    const time = (this.options.clock?.() ?? new Date()).toISOString();
    const record: Record<string, unknown> = { time, level, msg, ...this.fields };
    for (const [key, value] of Object.entries(fields)) {
      record[key] = value instanceof Error ? serializeError(value, this.isEnabled('debug')) : value;
    }
    const safe = redactor.value(record) as Record<string, unknown>;
    write(format === 'json' ? `${JSON.stringify(safe)}\n` : this.pretty(safe));
  }

  private pretty(record: Record<string, unknown>): string {
    const { time, level, msg, ...rest } = record;
    const color = this.options.color ?? false;
    const paint = (lvl: string, text: string): string => {
      if (!color) return text;
      if (lvl === 'error') return chalk.red(text);
      if (lvl === 'warn') return chalk.yellow(text);
      if (lvl === 'debug') return chalk.gray(text);
      return chalk.cyan(text);
    };
    const extras = Object.entries(rest)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
    const clock = String(time).slice(11, 19);
    const head = `${clock} ${paint(String(level), String(level).toUpperCase().padEnd(5))} ${String(msg)}`;
    return `${head}${extras ? ` ${color ? chalk.dim(extras) : extras}` : ''}\n`;
  }
}

function serializeError(err: Error, withStack: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { name: err.name, message: err.message };
  if (err instanceof AppError) {
    out.code = err.code;
    if (err.hint) out.hint = err.hint;
    if (err.details) out.details = err.details;
  }
  if (withStack && err.stack) out.stack = err.stack;
  if (err.cause instanceof Error) out.cause = serializeError(err.cause, withStack);
  return out;
}

/** A logger that drops everything (for library use and tests that do not inspect logs). */
export function silentLogger(): Logger {
  return new Logger({ level: 'error', format: 'json', write: () => undefined, redactor: new Redactor() });
}
