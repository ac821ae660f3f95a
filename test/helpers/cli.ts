// Runs the CLI: in-process through main() with recorded streams, or as a child process of the built binary.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

export const BIN = path.resolve(import.meta.dirname, '../../bin/alibaba-odoo-sync.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runInProcess(args: string[], env: Record<string, string | undefined> = {}, cwd = process.cwd()): Promise<CliResult> {
  const io = memoryIo(env, cwd);
  const code = await main(['node', 'alibaba-odoo-sync', ...args], io);
  return { code, stdout: io.out.join(''), stderr: io.err.join('') };
}

export function runChild(args: string[], options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? process.cwd(),
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}
