// `doctor [--fix]`: prints the checklist (or JSON); exit 0 when nothing failed, 2 otherwise; --fix repairs as an admin.
import { Command } from 'commander';
import { ExitCode } from '../../errors.js';
import { OdooClient } from '../../odoo/client.js';
import { runDoctor, type CheckResult, type DoctorReport } from '../../sync/doctor.js';
import type { AppContext } from '../context.js';
import type { Output } from '../output.js';
import type { Session } from '../session.js';

interface DoctorFlags {
  fix?: boolean;
  adminLogin?: string;
  adminPassword?: string;
}

const ADMIN_HINT = 'check --admin-login/--admin-password (or ODOO_ADMIN_LOGIN/ODOO_ADMIN_PASSWORD): an Odoo administrator';

export function doctorCommand(session: Session): Command {
  return new Command('doctor')
    .description('check config, Odoo connectivity, modules, rights, currency and custom fields; --fix creates what is missing')
    .option('--fix', 'create missing custom fields and activate the currency, as an Odoo administrator')
    .option('--admin-login <login>', 'administrator login for --fix (or ODOO_ADMIN_LOGIN); used once, never stored')
    .option('--admin-password <password>', 'administrator password for --fix (or ODOO_ADMIN_PASSWORD); used once, never stored')
    .addHelpText('after', '\nExamples:\n  $ alibaba-odoo-sync doctor\n  $ ODOO_ADMIN_PASSWORD=... alibaba-odoo-sync doctor --fix --admin-login admin\n')
    .action(
      session.action<DoctorFlags>(async (ctx, flags) => {
        const report = await runDoctor(
          { config: () => ctx.config().config, odoo: () => ctx.odoo(), now: () => new Date() },
          { fix: flags.fix ? { admin: adminClient(ctx, flags), missingAdmin: 'needs an administrator: pass --admin-login and --admin-password, or set ODOO_ADMIN_LOGIN and ODOO_ADMIN_PASSWORD' } : undefined },
        );
        const out = ctx.output();
        if (out.json) out.printJson(report);
        else printReport(out, report);
        return report.ok ? ExitCode.Ok : ExitCode.Usage;
      }),
    );
}

/** The administrator client for --fix, from flags or the environment (never the config); its password is masked. */
function adminClient(ctx: AppContext, flags: DoctorFlags): (() => OdooClient) | undefined {
  const login = flags.adminLogin ?? ctx.io.env.ODOO_ADMIN_LOGIN;
  const password = flags.adminPassword ?? ctx.io.env.ODOO_ADMIN_PASSWORD;
  if (!login || !password) return undefined;
  ctx.redactor.add(password);
  return () => {
    const { odoo } = ctx.config().config;
    const client = new OdooClient({
      config: { ...odoo, login, password, apiKey: undefined },
      logger: ctx.logger().child({ remote: 'odoo', as: 'admin' }),
      credentialsHint: ADMIN_HINT,
    });
    ctx.onClose(() => client.close());
    return client;
  };
}

const MARK: Record<CheckResult['status'], string> = { pass: 'ok', warn: 'warn', fail: 'FAIL', skip: 'skip' };

function printReport(out: Output, report: DoctorReport): void {
  if (report.before) out.line(`Fixed: ${report.fixed.join('; ')}\n`);
  const paint = (r: CheckResult): string =>
    r.status === 'pass' ? out.color.green(MARK.pass) : r.status === 'warn' ? out.color.yellow(MARK.warn) : r.status === 'fail' ? out.color.red(MARK.fail) : out.color.dim(MARK.skip);
  out.table(['', 'check', 'result', 'fix'], report.checks.map((r) => [paint(r), r.title, r.detail, r.fix ?? '']), 'alibaba-odoo-sync doctor');
  const count = (s: CheckResult['status']): number => report.checks.filter((r) => r.status === s).length;
  const summary = `${count('pass')} passed, ${count('warn')} warnings, ${count('fail')} failed, ${count('skip')} skipped`;
  // With --quiet the table is not printed, so the failures and their fixes must be.
  const failures = out.quiet ? report.checks.filter((r) => r.status === 'fail').map((r) => `\nFAIL ${r.title}: ${r.fix ?? r.detail}`) : [];
  out.important(`${summary}${failures.join('')}`);
  if (report.fixSkipped) out.important(`--fix ${report.fixSkipped}`);
}
