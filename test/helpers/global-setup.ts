// Builds dist/ once before the suites, so tests that run the CLI as a child process use the current code.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '../..');
  // Type errors are reported by `npm run typecheck`; tsc still emits, which is all the child-process tests need.
  spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'ignore' });
  if (!existsSync(path.join(root, 'dist/cli/main.js'))) throw new Error('build failed: run `npm run build` to see why');
}
