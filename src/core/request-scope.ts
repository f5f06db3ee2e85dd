import { ClozeError } from './errors.js';
import type { MaskedLM, MaskedRow } from './ports.js';

/**
 * The part of an AbortSignal the engine reads: whether to stop, and why. An AbortSignal
 * fits; the HTTP deadline passes a lighter object (an AbortSignal costs a few µs to make).
 */
export interface StopSignal {
  readonly aborted: boolean;
  readonly reason?: unknown;
}

/** What one request brings to the engine besides its input: when to give up. */
export interface RequestScope {
  /** Aborted at the request's deadline (or when the server cuts work at shutdown). */
  signal?: StopSignal;
}

/** The error a stopped request ends with: its signal's ClozeError reason, else 504 `deadline_exceeded`. */
export function stopped(signal: StopSignal): ClozeError {
  const reason: unknown = signal.reason;
  return reason instanceof ClozeError ? reason : new ClozeError('deadline_exceeded', 'the request ran past its deadline');
}

/**
 * The model as one request sees it: every model call first checks the request's signal, so
 * work for a request that timed out stops at the next call (scoring runs in bounded chunks)
 * instead of holding the queue.
 */
export function scopedModel(model: MaskedLM, scope: RequestScope | undefined): MaskedLM {
  const signal = scope?.signal;
  if (!signal) return model;
  return {
    get id() {
      return model.id;
    },
    get maxLength() {
      return model.maxLength;
    },
    get vocabSize() {
      return model.vocabSize;
    },
    get tokenizer() {
      return model.tokenizer;
    },
    async maskLogits(rows: MaskedRow[], vocabIds?: readonly number[]): Promise<Float32Array[][]> {
      if (signal.aborted) throw stopped(signal);
      const out = await model.maskLogits(rows, vocabIds);
      if (signal.aborted) throw stopped(signal);
      return out;
    },
  };
}
