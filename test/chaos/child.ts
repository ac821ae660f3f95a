// Runs the built CLI as a child process that may be killed with SIGKILL after a given delay, as a crash would.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface ChildRun {
  args: string[];
  /** Exit code; -1 when killed by a signal. */
  code: number;
  /** The harness killed it before it finished. */
  killed: boolean;
  ms: number;
  stdout: string;
  stderr: string;
}

export interface ChildOptions {
  cwd: string;
  env: Record<string, string>;
  /** SIGKILL the process after this many ms, unless it finished first. */
  killAfterMs?: number | undefined;
  /** A hung run is killed after this (and reported as killed). */
  timeoutMs?: number;
}

/** bin/alibaba-odoo-sync.js, found upwards from here (works from test/chaos and from dist/chaos/test/chaos). */
export function findBin(from = import.meta.dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const bin = path.join(dir, 'bin', 'alibaba-odoo-sync.js');
    if (existsSync(bin)) return bin;
    if (path.dirname(dir) === dir) throw new Error('bin/alibaba-odoo-sync.js not found above ' + from);
  }
}

const BIN = findBin();

export function runCliChild(args: string[], options: ChildOptions): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const kill = (): void => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      killed = true;
      child.kill('SIGKILL');
    };
    const killTimer = options.killAfterMs === undefined ? undefined : setTimeout(kill, options.killAfterMs);
    const hangTimer = setTimeout(kill, options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killTimer);
      clearTimeout(hangTimer);
      resolve({ args, code: code ?? -1, killed, ms: Math.round(performance.now() - started), stdout, stderr });
    });
  });
}
