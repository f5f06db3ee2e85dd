import { ClozeError } from '../core/errors.js';
import type { MaskedLM, MaskedRow } from '../core/ports.js';
import { columnsOf, pick, unionIds } from './vocab-subset.js';

export interface MicroBatchOptions {
  /** 0 turns micro-batching off: every call goes straight to the model, concurrently. */
  maxWaitMs: number;
  /** Rows per pass taken from the queue (a call is never split; one call may exceed it). */
  maxRows: number;
  /**
   * Bound on rows waiting or running in this model (the inference queue). A call that would
   * go past it is refused with 503 `overloaded` and a Retry-After; a call on an idle model
   * is always taken. Default: unbounded.
   */
  maxPendingRows?: number;
  /** Passes run at the same time (default 1: one pass per ONNX session, the others queue). */
  maxInFlight?: number;
}

interface Pending {
  rows: MaskedRow[];
  vocabIds: readonly number[] | undefined;
  resolve: (v: Float32Array[][]) => void;
  reject: (e: unknown) => void;
}

/**
 * Merges concurrent maskLogits calls (e.g. simultaneous HTTP requests) into shared forward
 * passes, in arrival order. A call on an idle model runs at once (no added latency for a
 * lone client); calls arriving while a pass runs wait in a FIFO queue, and when the pass
 * ends the calls at the head of the queue (up to `maxRows` rows) go together in the next
 * one. No call is overtaken by a later one, so the wait is bounded by the queue ahead of it.
 * Calls asking for some vocabulary ids share a pass over the union of their ids (the whole
 * vocabulary when one of them asks for it), and each gets its own ids back.
 */
export class MicroBatchingLM implements MaskedLM {
  private queue: Pending[] = [];
  private inFlight = 0;
  private pendingRows = 0;

  constructor(
    private readonly inner: MaskedLM,
    private readonly options: MicroBatchOptions,
  ) {}

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

  async maskLogits(rows: MaskedRow[], vocabIds?: readonly number[]): Promise<Float32Array[][]> {
    const limit = this.options.maxPendingRows ?? Infinity;
    if (this.pendingRows > 0 && this.pendingRows + rows.length > limit) {
      throw new ClozeError('overloaded', `the inference queue is full (${this.pendingRows} rows waiting, at most ${limit}); retry shortly`, { retryAfterS: 1 });
    }
    this.pendingRows += rows.length;
    try {
      if (this.options.maxWaitMs <= 0) return await this.inner.maskLogits(rows, vocabIds);
      return await new Promise<Float32Array[][]>((resolve, reject) => {
        this.queue.push({ rows, vocabIds, resolve, reject });
        this.pump();
      });
    } finally {
      this.pendingRows -= rows.length;
    }
  }

  /** Starts passes while fewer than maxInFlight run, each with the oldest queued calls. */
  private pump(): void {
    while (this.queue.length > 0 && this.inFlight < (this.options.maxInFlight ?? 1)) {
      let take = 1;
      let rows = this.queue[0]!.rows.length;
      while (take < this.queue.length && rows + this.queue[take]!.rows.length <= this.options.maxRows) rows += this.queue[take++]!.rows.length;
      void this.run(this.queue.splice(0, take));
    }
  }

  private async run(batch: Pending[]): Promise<void> {
    this.inFlight++;
    try {
      // one call: its own ids, in its order; several: the union, or everything when one asks for it
      const subsets = batch.map((p) => p.vocabIds);
      const shared = batch.length === 1 ? subsets[0] : subsets.every((ids) => ids !== undefined) ? unionIds(subsets as number[][]) : undefined;
      const out = await this.inner.maskLogits(
        batch.flatMap((p) => p.rows),
        shared,
      );
      let at = 0;
      for (const p of batch) {
        const mine = out.slice(at, at + p.rows.length);
        const own = batch.length > 1 && p.vocabIds ? columnsOf(p.vocabIds, shared) : undefined;
        p.resolve(own ? mine.map((masks) => masks.map((row) => pick(row, own))) : mine);
        at += p.rows.length;
      }
    } catch (err) {
      for (const p of batch) p.reject(err);
    } finally {
      this.inFlight--;
      this.pump();
    }
  }
}
