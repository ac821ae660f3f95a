// `auth login / refresh / status`: the 1688 OAuth flow, a forced refresh, and token expiry (never token values).
import { Command, Option } from 'commander';
import type { TokenStatus } from '../../alibaba/auth.js';
import { Duration } from '../../config/schema.js';
import { ExitCode, UsageError } from '../../errors.js';
import { login } from '../../sync/auth.js';
import type { AppContext } from '../context.js';
import { formatRelative, type Output } from '../output.js';
import type { Session } from '../session.js';

const example = (...lines: string[]): string => `\nExamples:\n${lines.map((l) => `  $ alibaba-odoo-sync ${l}`).join('\n')}\n`;

export function authCommand(session: Session): Command {
  const auth = new Command('auth').description('log in to 1688 (OAuth), refresh the token, show its expiry');
  auth.addHelpText('after', example('auth login', 'auth status --json'));

  auth
    .command('login')
    .description('print the 1688 authorize URL, catch the callback on the loopback redirect URI, store the tokens')
    .option('--code <code>', 'exchange a code obtained elsewhere (a server without a browser); no listener')
    .addOption(new Option('--timeout <duration>', 'how long to wait for the callback').default('5m'))
    .addHelpText('after', example('auth login', 'auth login --timeout 10m', 'auth login --code 0a1b2c3d-...'))
    .action(
      session.action<{ code?: string; timeout: string }>(async (ctx, opts) => {
        const timeout = Duration.safeParse(opts.timeout);
        if (!timeout.success) throw new UsageError(`--timeout ${opts.timeout}: expected a duration such as 30s or 5m`);
        const out = ctx.output();
        const result = await login({
          auth: ctx.alibaba().auth,
          config: ctx.config().config.alibaba,
          code: opts.code,
          timeoutMs: timeout.data,
          showUrl: (url) => {
            const text = `Open this URL in a browser and approve access:\n\n  ${url}\n\nWaiting for the callback on ${ctx.config().config.alibaba.redirectUri} ...\n`;
            if (out.json) ctx.io.stderr(text);
            else out.important(text);
          },
        });
        if (out.json) out.printJson(result);
        else {
          out.important(`Logged in to 1688 as ${result.resourceOwner ?? '?'} (memberId ${result.memberId ?? '?'}).`);
          printExpiry(out, result);
        }
        return ExitCode.Ok;
      }),
    );

  auth
    .command('refresh')
    .description('refresh the 1688 access token now (it is also refreshed automatically before it expires)')
    .addHelpText('after', example('auth refresh', 'auth refresh --json'))
    .action(
      session.action(async (ctx) => {
        const provider = ctx.alibaba().auth;
        await provider.refresh();
        const status = provider.status();
        const out = ctx.output();
        if (out.json) out.printJson(status);
        else {
          out.important('1688 access token refreshed.');
          printExpiry(out, status);
        }
        return ExitCode.Ok;
      }),
    );

  auth
    .command('status')
    .description('show when the 1688 tokens expire; warn in the refresh token\'s last 30 days; extend it with --postpone')
    .option('--postpone', 'extend the refresh token now if the platform allows it (its last 30 days)')
    .addHelpText('after', example('auth status', 'auth status --json', 'auth status --postpone'))
    .action(
      session.action<{ postpone?: boolean }>(async (ctx, opts) => {
        const provider = ctx.alibaba().auth;
        const postponed = opts.postpone === true && provider.status().postponeAllowed ? await provider.tryPostpone() : false;
        const status = provider.status();
        reportStatus(ctx, status, postponed, opts.postpone === true);
        return !status.stored || status.refreshExpired ? ExitCode.AuthNeeded : ExitCode.Ok;
      }),
    );
  return auth;
}

function reportStatus(ctx: AppContext, status: TokenStatus, postponed: boolean, asked: boolean): void {
  const out = ctx.output();
  if (out.json) return out.printJson({ ...status, postponed });
  if (!status.stored) {
    out.important('No 1688 token stored. Run `alibaba-odoo-sync auth login`.');
    return;
  }
  out.line(`1688 account: ${status.resourceOwner ?? '?'} (memberId ${status.memberId ?? '?'})`);
  printExpiry(out, status);
  if (postponed) out.important('The refresh token was extended.');
  else if (asked && !status.postponeAllowed && !status.refreshExpired) out.line('The refresh token cannot be extended yet (only in its last 30 days).');
  if (status.refreshExpired) out.important(out.color.red('The refresh token has expired: run `alibaba-odoo-sync auth login`.'));
  else if (status.postponeAllowed && !postponed) {
    out.important(out.color.yellow('Warning: the refresh token expires within 30 days; run `alibaba-odoo-sync auth status --postpone` or `auth login`.'));
  }
}

function printExpiry(out: Output, s: TokenStatus): void {
  const access = s.accessExpiresAt ? `${s.accessExpired ? 'expired' : 'expires'} ${s.accessExpiresAt} (${formatRelative(s.accessExpiresAt)})` : 'none';
  const refresh = s.refreshExpiresAt ? `${s.refreshExpired ? 'expired' : 'expires'} ${s.refreshExpiresAt} (${formatRelative(s.refreshExpiresAt)})` : 'none';
  out.important(`Access token ${access}.`);
  out.important(`Refresh token ${refresh}.`);
}
