// Parent side of a simulator running in a worker thread: start it, call its control methods, stop it.
import { Worker } from 'node:worker_threads';
import type { HostData, HostInfo, HostReply, HostRequest } from './sim-host.js';

export class RemoteSim {
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(private readonly worker: Worker, readonly info: HostInfo) {
    worker.on('message', (reply: HostReply) => {
      const w = this.waiting.get(reply.id);
      if (!w) return;
      this.waiting.delete(reply.id);
      if (reply.ok) w.resolve(reply.value);
      else w.reject(new Error(`simulator: ${reply.error}`));
    });
  }

  static start(data: HostData): Promise<RemoteSim> {
    const worker = new Worker(new URL('./sim-host.js', import.meta.url), { workerData: data });
    return new Promise((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', (m: { ready: HostInfo }) => resolve(new RemoteSim(worker, m.ready)));
    });
  }

  /** Calls a method (or reads a property) of the simulator by dotted path; plain data in and out. */
  call<T>(path: string, ...args: unknown[]): Promise<T> {
    const id = this.next++;
    const request: HostRequest = { id, path, args };
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage(request);
    });
  }

  text(key: string): string {
    const v = this.info[key];
    if (typeof v !== 'string') throw new Error(`simulator info ${key} is not text`);
    return v;
  }

  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage('close');
    await exited;
  }
}
