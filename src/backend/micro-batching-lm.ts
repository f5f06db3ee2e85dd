import { ClozeError } from '../core/errors.js';
import type { MaskedLM, MaskedRow } from '../core/ports.js';

export interface MicroBatchOptions {
  /** Longest a call waits for others to join its batch (ms). */
  maxWaitMs: number;
  /** A batch is sent at once when it reaches this many rows. */
  maxRows: number;
  /**
   * Bound on rows waiting or running in this model (the inference queue). A call that would
   * go past it is refused with 503 `overloaded` and a Retry-After; a call on an idle model
   * is always taken. Default: unbounded.
   */
  maxPendingRows?: number;
}

interface Pending {
  rows: MaskedRow[];
  resolve: (v: Float32Array[][]) => void;
  reject: (e: unknown) => void;
}

/**
 * Merges concurrent maskLogits calls (e.g. simultaneous HTTP requests) into one forward
 * pass. A call on an idle model runs at once (no added latency for a lone client); while a
 * pass is running, calls queue and are sent together after at most `maxWaitMs`, or as soon
 * as `maxRows` rows are queued.
 */
export class MicroBatchingLM implements MaskedLM {
  private queue: Pending[] = [];
  private queuedRows = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight = 0;
  private pendingRows = 0;

  constructor(private readonly inner: MaskedLM, private readonly options: MicroBatchOptions) {}

  get id(): string {
    return this.inner.id;
  }
  get maxLength(): number {
    return this.inner.maxLength;
  }
  get vocabSize(): number {
    return this.inner.vocabSize;
  }
  get tokenizer(): MaskedLM['tokenizer'] {
    return this.inner.tokenizer;
  }

  /** Rows queued or running now. */
  get pending(): number {
    return this.pendingRows;
  }

  async maskLogits(rows: MaskedRow[]): Promise<Float32Array[][]> {
    const limit = this.options.maxPendingRows ?? Infinity;
    if (this.pendingRows > 0 && this.pendingRows + rows.length > limit) {
      throw new ClozeError('overloaded', `the inference queue is full (${this.pendingRows} rows waiting, at most ${limit}); retry shortly`, { retryAfterS: 1 });
    }
    this.pendingRows += rows.length;
    try {
      return await this.dispatch(rows);
    } finally {
      this.pendingRows -= rows.length;
    }
  }

  private dispatch(rows: MaskedRow[]): Promise<Float32Array[][]> {
    if (rows.length >= this.options.maxRows || this.options.maxWaitMs <= 0) return this.inner.maskLogits(rows);
    if (this.inFlight === 0 && this.queue.length === 0) return this.run(rows);
    return new Promise((resolve, reject) => {
      this.queue.push({ rows, resolve, reject });
      this.queuedRows += rows.length;
      if (this.queuedRows >= this.options.maxRows) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.maxWaitMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    this.queuedRows = 0;
    if (batch.length === 0) return;
    this.run(batch.flatMap((p) => p.rows)).then(
      (out) => {
        let at = 0;
        for (const p of batch) {
          p.resolve(out.slice(at, at + p.rows.length));
          at += p.rows.length;
        }
      },
      (err: unknown) => batch.forEach((p) => p.reject(err)),
    );
  }

  private async run(rows: MaskedRow[]): Promise<Float32Array[][]> {
    this.inFlight++;
    try {
      return await this.inner.maskLogits(rows);
    } finally {
      this.inFlight--;
    }
  }
}
