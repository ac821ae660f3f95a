// `config show` (effective config, secrets masked) and `config check` (validate, exit 0 or 2).
import { Command } from 'commander';
import { stringify } from 'yaml';
import { ExitCode } from '../../errors.js';
import type { Session } from '../session.js';

export function configCommand(session: Session): Command {
  const config = new Command('config').description('show or check the configuration');
  config
    .command('show')
    .description('print the effective configuration (defaults filled in, secrets masked)')
    .addHelpText('after', '\nExample:\n  $ alibaba-odoo-sync config show --config /etc/alibaba-odoo-sync.yaml\n')
    .action(
      session.action(async (ctx) => {
        const loaded = ctx.config();
        const masked = ctx.redactor.value(loaded.config);
        const out = ctx.output();
        if (out.json) out.printJson(masked);
        else out.important(stringify(masked).trimEnd());
        return Promise.resolve(ExitCode.Ok);
      }),
    );
  config
    .command('check')
    .description('validate the configuration; exit 0 when valid, 2 with every problem listed')
    .addHelpText('after', '\nExample:\n  $ alibaba-odoo-sync config check && echo valid\n')
    .action(
      session.action(async (ctx) => {
        const loaded = ctx.config();
        const out = ctx.output();
        if (out.json) out.printJson({ valid: true, file: loaded.file, warnings: loaded.warnings });
        else out.line(`${loaded.file}: valid${loaded.warnings.length ? ` (${loaded.warnings.length} warning(s) above)` : ''}`);
        return Promise.resolve(ExitCode.Ok);
      }),
    );
  return config;
}
