// Builds the commander program (never parses): global flags, every command, help with examples.
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { authCommand } from './commands/auth.js';
import { configCommand } from './commands/config.js';
import { demoCommand } from './commands/demo.js';
import { doctorCommand } from './commands/doctor.js';
import { dlqCommand } from './commands/dlq.js';
import { pullProductsCommand } from './commands/pull-products.js';
import { pushOrdersCommand } from './commands/push-orders.js';
import { pullShipmentsCommand } from './commands/pull-shipments.js';
import { reconcileCommand } from './commands/reconcile.js';
import { syncCommand } from './commands/sync.js';
import { sandboxCommand } from './commands/sandbox.js';
import { serveCommand } from './commands/serve.js';
import { statusCommand } from './commands/status.js';
import type { Io } from './io.js';
import { Session } from './session.js';

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function makeProgram(io: Io): { program: Command; session: Session } {
  const session = new Session(io);
  const program = new Command('alibaba-odoo-sync');
  program
    .description('Keeps purchasing on 1688 (Alibaba wholesale) in step with Odoo 18.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('-c, --config <file>', 'config file', './sync.config.yaml')
    .option('--state <file>', 'state file (overrides state.path)')
    .option('--json', 'machine-readable JSON on stdout, no colour')
    .addOption(new Option('--log-format <format>', 'log format on stderr (default: pretty on a terminal, else json)').choices(['json', 'pretty']))
    .option('-v, --verbose', 'debug logging, stack traces for internal errors')
    .option('-q, --quiet', 'only warnings and errors on stderr, no summaries on stdout')
    .option('--dry-run', 'show what would be done without writing anywhere')
    .option('--metrics-file <path>', 'after each sync run, write Prometheus metrics to this file (node_exporter textfile collector)')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .addHelpText('after', '\nExamples:\n  $ alibaba-odoo-sync config check\n  $ alibaba-odoo-sync status --json\n');

  program.addCommand(statusCommand(session));
  program.addCommand(configCommand(session));
  program.addCommand(authCommand(session));
  program.addCommand(doctorCommand(session));
  program.addCommand(pullProductsCommand(session));
  program.addCommand(pushOrdersCommand(session));
  program.addCommand(pullShipmentsCommand(session));
  program.addCommand(reconcileCommand(session));
  program.addCommand(syncCommand(session));
  program.addCommand(dlqCommand(session));
  program.addCommand(serveCommand(session));
  program.addCommand(sandboxCommand(session));
  program.addCommand(demoCommand(session));
  inheritSettings(program, io);
  return { program, session };
}

/** addCommand() does not pass settings down (only .command() does), so apply them to every subcommand. */
function inheritSettings(parent: Command, io: Io): void {
  for (const sub of parent.commands) {
    sub
      .exitOverride()
      .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
      .showSuggestionAfterError(true)
      .showHelpAfterError('(run with --help for usage)');
    inheritSettings(sub, io);
  }
}
