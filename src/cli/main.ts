// Entry point: parses argv, runs the command, and is the one place that turns errors into exit codes.
import { CommanderError } from 'commander';
import { AppError, ConfigError } from '../errors.js';
import { Redactor } from '../config/redact.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';
import { processIo, type Io } from './io.js';
import { makeProgram } from './program.js';

export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const { program, session } = makeProgram(io);
  try {
    await program.parseAsync([...argv]);
    return session.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander has already printed its message (with its suggestion) to stderr.
      const informational = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(err.code);
      return informational ? ExitCode.Ok : ExitCode.Usage;
    }
    const verbose = session.current?.options.verbose ?? argv.includes('--verbose');
    const redactor = session.current?.redactor ?? new Redactor();
    io.stderr(redactor.text(formatError(err, verbose)));
    return exitCodeFor(err);
  }
}

function formatError(err: unknown, verbose: boolean): string {
  if (err instanceof AppError) {
    const lines = [`error: ${err.message}`];
    if (err instanceof ConfigError && err.problems.length > 1) lines.push(...err.problems.map((p) => `  ${p}`));
    if (err.hint) lines.push(`hint: ${err.hint}`);
    if (verbose && err.stack) lines.push(err.stack);
    return `${lines.join('\n')}\n`;
  }
  const message = err instanceof Error ? err.message : String(err);
  const stack = verbose && err instanceof Error && err.stack ? `\n${err.stack}` : '\n(run with --verbose for the stack trace)';
  return `internal error: ${message}${stack}\n`;
}
