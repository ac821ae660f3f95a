// Fetch concurrently, write in batches: records flow from a pool of fetchers into one serial batch writer.
import pLimit from 'p-limit';
import { describeError } from '../../errors.js';

export interface PipelineOptions<W> {
  batchSize: number;
  write: (batch: W[]) => Promise<void>;
  /** Fetched records waiting for the writer before fetchers pause (keeps memory flat). */
  maxBuffered?: number;
}

/**
 * Fetchers run `concurrency` at a time and hand records to the writer, which writes a batch whenever
 * `batchSize` are waiting (and the rest at the end) while fetching goes on. The first error stops
 * new fetches and is rethrown after in-flight work settles; nothing after it is written.
 */
export class BatchPipeline<W> {
  private buffer: W[] = [];
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown;
  private waiting = 0;
  private inFlight = 0;

  constructor(private readonly options: PipelineOptions<W>) {}

  async run<T>(items: readonly T[], concurrency: number, fetch: (item: T) => Promise<W | undefined>): Promise<void> {
    const limit = pLimit(concurrency);
    const maxBuffered = this.options.maxBuffered ?? this.options.batchSize * 4;
    await Promise.all(
      items.map((item) =>
        limit(async () => {
          if (this.failure !== undefined) return;
          while (this.waiting >= maxBuffered && this.failure === undefined) await this.chain;
          try {
            const work = await fetch(item);
            if (work !== undefined && this.failure === undefined) this.push(work);
          } catch (err) {
            this.failure ??= err;
          }
        }),
      ),
    );
    this.flush();
    await this.chain;
    if (this.failure !== undefined) throw this.failure instanceof Error ? this.failure : new Error(describeError(this.failure));
  }

  private push(work: W): void {
    this.buffer.push(work);
    this.waiting += 1;
    // A full batch goes at once; a smaller one when the writer would otherwise sit idle, so the last
    // batch after the last fetch stays small.
    const idleWriter = this.inFlight === 0 && this.buffer.length >= Math.ceil(this.options.batchSize / 5);
    if (this.buffer.length >= this.options.batchSize || idleWriter) this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    this.inFlight += 1;
    this.chain = this.chain.then(async () => {
      try {
        if (this.failure === undefined) await this.options.write(batch);
      } catch (err) {
        this.failure ??= err;
      } finally {
        this.waiting -= batch.length;
        this.inFlight -= 1;
      }
    });
  }
}
