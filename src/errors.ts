// The AppError family and the exit-code table: every layer throws these, only cli/main.ts maps them.

/** Exit codes of the CLI (DESIGN.md). The one table; cli/exit-codes.ts re-exports it. */
export const ExitCode = {
  Ok: 0,
  Internal: 1,
  Usage: 2,
  AuthNeeded: 3,
  RemoteUnavailable: 4,
  RecordsFailed: 5,
  Differences: 6,
  Locked: 7,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface AppErrorOptions {
  hint?: string | undefined;
  cause?: unknown;
  /** Extra structured context for logs and dead letters (redacted before output). */
  details?: Record<string, unknown> | undefined;
}

/** Base of every expected failure: a stable code, an exit code, and what the user should do. */
export class AppError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, exitCode: ExitCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
    this.hint = options.hint;
    this.details = options.details;
  }
}

/** Bad command-line usage. */
export class UsageError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('usage', ExitCode.Usage, message, options);
  }
}

/** Invalid configuration; `problems` lists every `path: message` found. */
export class ConfigError extends AppError {
  readonly problems: readonly string[];
  constructor(problems: readonly string[], options: AppErrorOptions = {}) {
    const head = problems.length === 1 ? problems[0]! : `${problems.length} problems in the configuration`;
    super('config', ExitCode.Usage, head, options);
    this.problems = problems;
  }
}

/** The state file cannot be used (not a database, newer schema, unreadable). */
export class StateError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('state', ExitCode.Usage, message, options);
  }
}

/** Authentication needs a human: no token, refresh token expired, bad Odoo credentials. */
export class AuthError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('auth', ExitCode.AuthNeeded, message, {
      hint: 'run `alibaba-odoo-sync auth login`',
      ...options,
    });
  }
}

/** A remote (1688, Odoo, an image host) could not be reached or kept failing after retries. */
export class RemoteUnavailableError extends AppError {
  readonly remote: string;
  constructor(remote: string, message: string, options: AppErrorOptions = {}) {
    super('remote_unavailable', ExitCode.RemoteUnavailable, message, options);
    this.remote = remote;
  }
}

/** Another run holds the lease for this command. */
export class LockedError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('locked', ExitCode.Locked, message, options);
  }
}

/** One record failed; the run goes on and the record is retried or dead-lettered. */
export class RecordError extends AppError {
  readonly recordKey: string;
  readonly permanent: boolean;
  constructor(recordKey: string, message: string, options: AppErrorOptions & { permanent?: boolean } = {}) {
    super('record', ExitCode.RecordsFailed, message, options);
    this.recordKey = recordKey;
    this.permanent = options.permanent ?? true;
  }
}

/** Kinds of Odoo XML-RPC faults the client distinguishes. */
export type OdooFaultKind =
  | 'bad_credentials'
  | 'access'
  | 'missing_required'
  | 'unique'
  | 'missing_record'
  | 'unknown_model'
  | 'unknown_method'
  | 'invalid_field'
  | 'validation'
  | 'server';

/** A fault returned by Odoo, classified by kind; `message` is Odoo's own text, never a traceback. */
export class OdooFaultError extends AppError {
  readonly kind: OdooFaultKind;
  readonly faultCode: number;
  readonly model: string | undefined;
  readonly field: string | undefined;
  readonly value: string | undefined;
  constructor(
    kind: OdooFaultKind,
    faultCode: number,
    message: string,
    extra: { model?: string | undefined; field?: string | undefined; value?: string | undefined } & AppErrorOptions = {},
  ) {
    super(
      `odoo_${kind}`,
      kind === 'bad_credentials' ? ExitCode.AuthNeeded : ExitCode.Internal,
      message,
      extra,
    );
    this.kind = kind;
    this.faultCode = faultCode;
    this.model = extra.model;
    this.field = extra.field;
    this.value = extra.value;
  }
}

/** An error reported by the 1688 gateway or an API's business answer, normalised to one shape. */
export class AlibabaApiError extends AppError {
  /** The platform's own code, e.g. `gw.SignatureInvalid`, `500_2`, `400`. */
  readonly platformCode: string;
  readonly httpStatus: number | undefined;
  readonly api: string | undefined;
  readonly requestId: string | undefined;
  readonly retryable: boolean;
  constructor(
    platformCode: string,
    message: string,
    extra: {
      httpStatus?: number | undefined;
      api?: string | undefined;
      requestId?: string | undefined;
      retryable?: boolean;
    } & AppErrorOptions = {},
  ) {
    super('alibaba_api', ExitCode.Internal, `1688 ${extra.api ?? 'API'}: ${platformCode}: ${message}`, extra);
    this.platformCode = platformCode;
    this.httpStatus = extra.httpStatus;
    this.api = extra.api;
    this.requestId = extra.requestId;
    this.retryable = extra.retryable ?? false;
  }
}

/** True when an error is worth another attempt (network, 5xx, flow control). */
export function isRetryable(err: unknown): boolean {
  if (err instanceof AlibabaApiError) return err.retryable;
  if (err instanceof RemoteUnavailableError) return true;
  if (err instanceof RecordError) return !err.permanent;
  return false;
}

/** A short, single-line description of any thrown value. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0] ?? err.name;
  return String(err);
}
