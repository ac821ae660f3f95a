// Memory scenario: the simulators stay in this process, the 20,000-offer import runs alone in a child process.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { NO_LATENCY, startEnv } from './env.js';
import type { ChildReport, ChildRequest } from './memory-child.js';
import { mb, measure } from './measure.js';
import { figures, type ScenarioResult } from './report.js';

type ChildAnswer = { ok: true; report: ChildReport } | { ok: false; error: string };

function runChild(request: ChildRequest): Promise<ChildReport> {
  const child = fork(fileURLToPath(new URL('./memory-child.js', import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (answer: ChildAnswer) => (answer.ok ? resolve(answer.report) : reject(new Error(`memory child failed: ${answer.error}`))));
    child.once('exit', (code) => reject(new Error(`memory child exited with ${code ?? 'a signal'} before reporting`)));
    child.send(request);
  });
}

export async function memoryScenario(offers: number, concurrency: number): Promise<ScenarioResult> {
  const env = await startEnv({ latency: NO_LATENCY, offers, rateLimit: 1_000, concurrency });
  try {
    env.store.close(); // the child owns the state file for this run
    const request: ChildRequest = { config: env.configInput, offerIds: env.offerIds };
    const { result: child, sample } = await measure(env, () => runChild(request));
    const c = child.counts;
    return figures(`memory.${offers}`, `memory, ${offers} offers, no latency`, { ...sample, rssPeakMb: mb(child.rssPeak) }, {
      records: offers,
      recordKind: 'offers',
      variants: c.variants ?? 0,
      ratePerSecond: 1_000,
      phases: child.phases,
      note: 'peak RSS is the child process running the import alone; the simulators run in the parent (worker threads)',
      details: {
        childPeakRssMb: mb(child.rssPeak),
        childMaxRssMb: mb(child.maxRssKb * 1024),
        childHeapUsedEndMb: mb(child.heapUsedEnd),
        parentPeakRssMb: sample.rssPeakMb,
        childWallMs: Math.round(child.wallMs),
        counts: c,
        warnings: child.warnings,
      },
    });
  } finally {
    await env.close();
  }
}
