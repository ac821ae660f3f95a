// `npm run chaos`: the full-size chaos run; prints the report and writes it to chaos-results/ (exit 1 on any duplicate or loss).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CI, FULL, runChaos, type ChaosOptions } from './harness.js';
import { formatReport } from './report.js';

const { values } = parseArgs({
  options: {
    ci: { type: 'boolean', default: false },
    seed: { type: 'string' },
    out: { type: 'string', default: 'chaos-results' },
    quiet: { type: 'boolean', default: false },
  },
});
const options: ChaosOptions = { ...(values.ci ? CI : FULL), ...(values.seed ? { seed: Number(values.seed) } : {}) };
const dir = mkdtempSync(path.join(tmpdir(), 'aos-chaos-'));
try {
  const report = await runChaos(dir, options, values.quiet ? undefined : (line) => console.error(line));
  const text = formatReport(report);
  console.log(text);
  mkdirSync(values.out, { recursive: true });
  writeFileSync(path.join(values.out, 'chaos.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(values.out, 'chaos.txt'), `${text}\n`);
  const f = report.findings;
  const bad = f.problems.length > 0 || f.deadLetters.unexplained > 0 || !report.quiet.reached || report.overlap.codes.filter((c) => c === 7).length !== options.overlap - 1;
  process.exitCode = bad ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
