// `serve`: the webhook receiver (1688 push messages, the Odoo purchase-order automation) until SIGTERM/SIGINT.
import { Command, Option } from 'commander';
import { Duration } from '../../config/schema.js';
import { ExitCode, UsageError } from '../../errors.js';
import { startServe, type ServeDeps } from '../../sync/webhooks.js';
import type { AppContext } from '../context.js';
import type { Session } from '../session.js';
import { shipmentApiOf } from './pull-shipments.js';
import { orderApiOf } from './push-orders.js';
import { intOption } from './sandbox.js';

/** Everything the server needs, wired from the command's context. */
export function serveDepsOf(ctx: AppContext): ServeDeps {
  return {
    store: ctx.store(),
    odoo: ctx.odoo(),
    alibaba: ctx.alibaba().client,
    shipmentApi: shipmentApiOf(ctx),
    orderApi: orderApiOf(ctx),
    config: ctx.config().config,
    logger: ctx.logger().child({ command: 'serve' }),
    holder: ctx.holder(),
    delivery: ctx.alertDelivery,
  };
}

/** Resolves on the first SIGTERM or SIGINT. */
function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export function serveCommand(session: Session): Command {
  return new Command('serve')
    .description('receive 1688 push messages and Odoo purchase-order webhooks: verify, store, process (until SIGTERM)')
    .option('--port <n>', 'port to listen on (default serve.port; 0 picks a free one)', intOption('--port', 0, 65_535))
    .addOption(new Option('--missed-interval <duration>', 'how often to pull push messages 1688 could not deliver (0 turns it off)').default('10m'))
    .addHelpText('after', '\nExamples:\n  $ alibaba-odoo-sync serve\n  $ alibaba-odoo-sync serve --port 8787 --missed-interval 5m\n')
    .action(
      session.action<{ port?: number; missedInterval: string }>(async (ctx, opts) => {
        if (ctx.options.dryRun) throw new UsageError('serve has no --dry-run: it stores and processes what it receives');
        const missed = Duration.safeParse(opts.missedInterval);
        if (!missed.success) throw new UsageError(`--missed-interval ${opts.missedInterval}: expected a duration such as 30s or 10m`);
        const deps = serveDepsOf(ctx);
        const handle = await startServe(deps, { ...(opts.port !== undefined ? { port: opts.port } : {}), missedIntervalMs: missed.data });
        ctx.onClose(() => handle.close());
        // Shown even with --quiet: with --port 0 it is the only way to learn the port.
        const out = ctx.output();
        if (out.json) out.printJson({ url: handle.url });
        else out.important(`serve listening on ${handle.url} (POST /webhooks/1688, POST /webhooks/odoo/purchase-order, GET /healthz, GET /metrics)`);
        const signal = await stopSignal();
        deps.logger.info(`${signal} received: finishing in-flight requests and the current cycle`);
        await handle.close();
        return ExitCode.Ok;
      }),
    );
}
