// The 1688 login flow: authorize URL with a CSRF state, a one-shot loopback listener for the callback, code exchange.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TokenProvider, TokenStatus } from '../alibaba/auth.js';
import type { AlibabaConfig } from '../config/schema.js';
import { AuthError, UsageError } from '../errors.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export interface LoginOptions {
  auth: TokenProvider;
  config: Pick<AlibabaConfig, 'appKey' | 'authorizeUrl' | 'redirectUri'>;
  /** A code obtained elsewhere (a server without a browser): no listener. */
  code?: string | undefined;
  timeoutMs: number;
  /** Called with the authorize URL once the listener is ready. */
  showUrl: (url: string) => void;
}

export interface LoginResult extends TokenStatus {
  via: 'callback' | 'code';
}

export function authorizeUrl(config: LoginOptions['config'], state: string): string {
  const url = new URL(config.authorizeUrl);
  url.searchParams.set('client_id', config.appKey);
  url.searchParams.set('site', '1688');
  url.searchParams.set('redirect_uri', config.redirectUri);
  url.searchParams.set('state', state);
  return url.toString();
}

export function isLoopback(redirectUri: string): boolean {
  return LOOPBACK.has(new URL(redirectUri).hostname);
}

function sameState(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const page = (title: string, text: string): string =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font-family:sans-serif;margin:3em"><h1>${title}</h1><p>${text}</p></body>`;

/** Waits for one callback on the redirect URI and resolves with its code (or rejects on a bad or missing state). */
function waitForCode(redirectUri: string, state: string, timeoutMs: number, onReady: () => void): Promise<string> {
  const target = new URL(redirectUri);
  return new Promise<string>((resolve, reject) => {
    let server: Server | undefined = undefined;
    const finish = (fn: () => void): void => {
      clearTimeout(timer);
      server?.closeAllConnections();
      server?.close();
      fn();
    };
    const timer = setTimeout(() => finish(() => reject(new AuthError(`no callback from 1688 within ${Math.round(timeoutMs / 1000)}s`, {
      hint: 'run `alibaba-odoo-sync auth login` again (or pass --code)',
    }))), timeoutMs);
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? target.host}`);
      const answer = (status: number, title: string, text: string): void => {
        res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', connection: 'close' }).end(page(title, text));
      };
      if (url.pathname !== target.pathname) return answer(404, 'Not found', 'This is the alibaba-odoo-sync login callback.');
      const got = url.searchParams.get('state') ?? '';
      if (!sameState(got, state)) {
        answer(400, 'Login refused', 'The state does not match this login attempt. Start again from the terminal.');
        return finish(() => reject(new AuthError('login refused: the callback state does not match (possible cross-site request forgery)')));
      }
      const error = url.searchParams.get('error');
      const code = url.searchParams.get('code');
      if (error || !code) {
        answer(400, 'Login failed', 'No authorization code was received. See the terminal.');
        const why = url.searchParams.get('error_description') ?? error ?? 'no code in the callback';
        return finish(() => reject(new AuthError(`1688 authorization failed: ${why}`)));
      }
      answer(200, 'Logged in', 'alibaba-odoo-sync received the authorization. You can close this tab.');
      finish(() => resolve(code));
    });
    server.once('error', (err) => finish(() => reject(new UsageError(`cannot listen on ${target.host}: ${err.message}`, {
      hint: 'free the port, change alibaba.redirectUri, or pass --code',
      cause: err,
    }))));
    const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
    server.listen(port, target.hostname.replace(/^\[|\]$/g, ''), () => {
      if ((server?.address() as AddressInfo | null) !== null) onReady();
    });
  });
}

/** Runs the OAuth code flow and stores the tokens; returns what was stored (expiries, never values). */
export async function login(options: LoginOptions): Promise<LoginResult> {
  const { auth, config } = options;
  if (options.code !== undefined) {
    await auth.login(options.code);
    return { ...auth.status(), via: 'code' };
  }
  const state = randomBytes(16).toString('hex');
  const url = authorizeUrl(config, state);
  if (!isLoopback(config.redirectUri)) {
    options.showUrl(url);
    throw new UsageError(`alibaba.redirectUri (${config.redirectUri}) is not a loopback address, so the callback cannot be caught here`, {
      hint: 'open the URL, copy the `code` parameter from the page you are sent to, and run `alibaba-odoo-sync auth login --code <code>`',
    });
  }
  const code = await waitForCode(config.redirectUri, state, options.timeoutMs, () => options.showUrl(url));
  await auth.login(code);
  return { ...auth.status(), via: 'callback' };
}
