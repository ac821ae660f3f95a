// Maps any thrown value to the CLI's exit code; the table itself lives in src/errors.ts.
import { AppError, ExitCode } from '../errors.js';

export { ExitCode };

export function exitCodeFor(err: unknown): ExitCode {
  if (err instanceof AppError) return err.exitCode;
  return ExitCode.Internal;
}
