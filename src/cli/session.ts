// Glue between commander actions and the context: builds the context from global flags and records the exit code.
import type { Command } from 'commander';
import { ExitCode } from '../errors.js';
import { AppContext, type GlobalOptions } from './context.js';
import type { Io } from './io.js';

export class Session {
  exitCode: ExitCode = ExitCode.Ok;
  /** The context of the running command, for main.ts to read flags (e.g. --verbose) when reporting errors. */
  current: AppContext | undefined;

  constructor(readonly io: Io) {}

  /**
   * Wraps a command handler for commander's `.action()`: the handler gets the context and the
   * command's own options, returns an exit code, and the context is closed afterwards whatever happens.
   */
  action<O>(handler: (ctx: AppContext, options: O, args: string[]) => Promise<ExitCode>): (...args: unknown[]) => Promise<void> {
    return async (...args: unknown[]) => {
      const command = args[args.length - 1] as Command;
      const options = args[args.length - 2] as O;
      const positional = args.slice(0, -2).map((a) => (Array.isArray(a) ? a.join(' ') : String(a)));
      const globals = command.optsWithGlobals<GlobalOptions>();
      const ctx = new AppContext(
        {
          config: globals.config,
          state: globals.state,
          json: globals.json === true,
          logFormat: globals.logFormat,
          verbose: globals.verbose === true,
          quiet: globals.quiet === true,
          dryRun: globals.dryRun === true,
          metricsFile: globals.metricsFile,
        },
        this.io,
      );
      this.current = ctx;
      try {
        this.exitCode = await handler(ctx, options, positional);
      } finally {
        await ctx.close();
      }
    };
  }
}
