// `demo`: a whole cycle against the built-in simulators, for a newcomer's first run (`npm run demo`).
import { Command } from 'commander';
import { runDemo } from '../demo.js';
import type { Session } from '../session.js';

export function demoCommand(session: Session): Command {
  return new Command('demo')
    .description('start both simulators in-process and run doctor, auth, pull-products, push-orders, pull-shipments, reconcile and status against them')
    .addHelpText('after', '\nExample:\n  $ npm run demo\n')
    .action(
      session.action(async (ctx) =>
        // Each step is a full CLI invocation, exactly as a user would type it (loaded lazily: main imports this program).
        runDemo(ctx.io, async (argv, io) => (await import('../main.js')).main(argv, io)),
      ),
    );
}
