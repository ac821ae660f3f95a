// `sandbox alibaba|odoo`: runs a built-in simulator in the foreground, for trying the tool without real accounts.
import { Command, InvalidArgumentError } from 'commander';
import { runAlibabaSimulatorForeground } from '../../sandbox/alibaba/index.js';
import { runOdooSimulatorForeground } from '../../sandbox/odoo/index.js';
import { ExitCode } from '../../errors.js';
import type { Session } from '../session.js';

export function intOption(name: string, min: number, max: number): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
    return n;
  };
}

export function sandboxCommand(session: Session): Command {
  const sandbox = new Command('sandbox').description('run a built-in simulator of 1688 or Odoo on this machine (loopback only)');
  sandbox
    .command('alibaba')
    .description('run the 1688 Open Platform simulator: gateway, OAuth, products, orders, logistics, push messages')
    .option('--port <n>', 'port to listen on (0 picks a free one)', intOption('--port', 0, 65_535), 0)
    .option('--app-key <key>', 'app key it accepts', '1000001')
    .option('--app-secret <secret>', 'app secret it signs with (a sandbox value, not a real secret)', 'sandbox-secret')
    .option('--offers <n>', 'generated offers in the catalog', intOption('--offers', 0, 100_000), 20)
    .option('--seed <n>', 'seed of the catalog generator', intOption('--seed', 0, 2 ** 31), 1688)
    .option('--rate-limit <n>', 'calls per second before flow control (0: none)', intOption('--rate-limit', 0, 10_000), 0)
    .addHelpText('after', '\nExample:\n  $ alibaba-odoo-sync sandbox alibaba --port 8688 --offers 100\n  (then set alibaba.gatewayUrl and alibaba.authorizeUrl to the printed URLs)\n')
    .action(
      session.action<{ port: number; appKey: string; appSecret: string; offers: number; seed: number; rateLimit: number }>(async (ctx, opts) => {
        await runAlibabaSimulatorForeground(
          {
            port: opts.port,
            appKey: opts.appKey,
            appSecret: opts.appSecret,
            offers: opts.offers,
            seed: opts.seed,
            rateLimitPerSecond: opts.rateLimit,
          },
          (line) => ctx.io.stdout(`${line}\n`),
        );
        return ExitCode.Ok;
      }),
    );
  sandbox
    .command('odoo')
    .description('run the Odoo 18 XML-RPC simulator (purchase, stock, products, variants, custom fields)')
    .option('--port <n>', 'port to listen on (0 picks a free one)', intOption('--port', 0, 65_535), 0)
    .option('--custom-fields', 'start with the x_alibaba_* custom fields already created')
    .option('--latency <ms>', 'added latency per call', intOption('--latency', 0, 60_000), 0)
    .addHelpText('after', '\nExample:\n  $ alibaba-odoo-sync sandbox odoo --port 8069\n  (then set odoo.url to the printed URL; `doctor --fix` creates the custom fields)\n')
    .action(
      session.action<{ port: number; customFields?: boolean; latency: number }>(async (ctx, opts) => {
        await runOdooSimulatorForeground(
          { port: opts.port, customFields: opts.customFields === true, latencyMs: opts.latency },
          (line) => ctx.io.stdout(`${line}\n`),
        );
        return ExitCode.Ok;
      }),
    );
  return sandbox;
}
