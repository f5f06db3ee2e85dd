import type { InferenceSession, Tensor, TypedTensor } from 'onnxruntime-common';
import type { MaskedLM, MaskedRow } from '../core/ports.js';
import type { HfTokenizer } from './hf-tokenizer.js';
import { lengthBuckets } from './length-buckets.js';
import { columnsOf, pick } from './vocab-subset.js';

/** The part of an onnxruntime module (node or web) this adapter needs. */
export interface OrtModule {
  Tensor: typeof Tensor;
}

export interface OrtMaskedLMOptions {
  id: string;
  session: InferenceSession;
  ort: OrtModule;
  tokenizer: HfTokenizer;
  maxLength: number;
  vocabSize: number;
  /** Upper bound on rows × padded length per forward pass (bounds activation memory). */
  maxBatchTokens?: number;
  /** Upper bound on rows per forward pass. */
  maxBatchRows?: number;
  /**
   * Fixed cost of a forward pass in token-equivalents, for cutting rows of mixed lengths
   * into length buckets (see lengthBuckets). Default 16; Infinity = as few passes as the bounds allow.
   */
  passCostTokens?: number;
  /** Size of the ONNX graph the session was created from (what a model pool budgets memory by). */
  graphBytes?: number;
}

/** Tokens sent to the model since load: `padded` counts the padding added to fill each pass. */
export interface PassStats {
  passes: number;
  rows: number;
  tokens: number;
  padded: number;
}

/**
 * A MaskedLM over an ONNX Runtime session — the same code under onnxruntime-node and
 * onnxruntime-web. Rows are sorted by length and cut into bounded length buckets (little padding). With a graph that
 * takes `mask_positions`, the MLM head runs only at the masks; with a standard `logits` graph
 * the mask rows are gathered from the full output. With a graph that also takes `label_ids`
 * (tools/pretrain/label_decoder.py), a call for some vocabulary ids runs the decoder over those
 * ids only; otherwise they are picked from the whole vocabulary's logits.
 */
export class OrtMaskedLM implements MaskedLM {
  readonly id: string;
  readonly maxLength: number;
  readonly vocabSize: number;
  readonly tokenizer: HfTokenizer;
  readonly headAtMasksOnly: boolean;
  /** The graph's decoder can be limited to some vocabulary ids (`label_ids` input). */
  readonly decodesIdsOnly: boolean;
  private readonly session: InferenceSession;
  private readonly ort: OrtModule;
  private readonly usesTokenTypes: boolean;
  private readonly maxBatchTokens: number;
  private readonly maxBatchRows: number;
  private readonly passCostTokens: number;
  readonly stats: PassStats = { passes: 0, rows: 0, tokens: 0, padded: 0 };
  readonly graphBytes: number;

  constructor(o: OrtMaskedLMOptions) {
    this.id = o.id;
    this.session = o.session;
    this.ort = o.ort;
    this.tokenizer = o.tokenizer;
    this.maxLength = o.maxLength;
    this.vocabSize = o.vocabSize;
    this.headAtMasksOnly = o.session.inputNames.includes('mask_positions');
    this.usesTokenTypes = o.session.inputNames.includes('token_type_ids');
    this.decodesIdsOnly = this.headAtMasksOnly && o.session.inputNames.includes('label_ids');
    this.maxBatchTokens = o.maxBatchTokens ?? 4096;
    this.maxBatchRows = o.maxBatchRows ?? 64;
    this.passCostTokens = o.passCostTokens ?? 16;
    this.graphBytes = o.graphBytes ?? 0;
  }

  /** Frees the session (a named model dropped from the pool); no call may follow. */
  release(): Promise<void> {
    return this.session.release();
  }

  async maskLogits(rows: MaskedRow[], vocabIds?: readonly number[]): Promise<Float32Array[][]> {
    const order = rows.map((_, i) => i).sort((a, b) => rows[a]!.ids.length - rows[b]!.ids.length);
    const out: Float32Array[][] = new Array(rows.length);
    const ends = lengthBuckets(
      order.map((i) => rows[i]!.ids.length),
      { maxRows: this.maxBatchRows, maxTokens: this.maxBatchTokens, passCostTokens: this.passCostTokens },
    );
    let start = 0;
    for (const end of ends) {
      const batch = order.slice(start, end);
      const results = await this.run(
        batch.map((i) => rows[i]!),
        vocabIds,
      );
      batch.forEach((i, k) => {
        out[i] = results[k]!;
      });
      start = end;
    }
    return out;
  }

  private async run(rows: MaskedRow[], vocabIds: readonly number[] | undefined): Promise<Float32Array[][]> {
    const B = rows.length;
    const S = Math.max(...rows.map((r) => r.ids.length));
    const real = rows.reduce((n, r) => n + r.ids.length, 0);
    this.stats.passes++;
    this.stats.rows += B;
    this.stats.tokens += real;
    this.stats.padded += B * S - real;
    const ids = new BigInt64Array(B * S).fill(BigInt(this.tokenizer.padTokenId));
    const mask = new BigInt64Array(B * S);
    rows.forEach((r, b) => {
      r.ids.forEach((id, s) => {
        ids[b * S + s] = BigInt(id);
        mask[b * S + s] = 1n;
      });
    });
    const { Tensor: T } = this.ort;
    const feeds: Record<string, Tensor> = {
      input_ids: new T('int64', ids, [B, S]),
      attention_mask: new T('int64', mask, [B, S]),
    };
    if (this.usesTokenTypes) feeds.token_type_ids = new T('int64', new BigInt64Array(B * S), [B, S]);
    // an empty `label_ids` asks the graph for the whole vocabulary, so an empty subset is picked
    const decodeIds = this.decodesIdsOnly && vocabIds && vocabIds.length > 0 ? vocabIds : undefined;
    if (this.decodesIdsOnly) feeds.label_ids = new T('int64', BigInt64Array.from(decodeIds ?? [], BigInt), [decodeIds?.length ?? 0]);
    const V = decodeIds?.length ?? this.vocabSize;
    const columns = vocabIds && !decodeIds ? columnsOf(vocabIds) : undefined;
    const row = (data: Float32Array, at: number) => (columns ? pick(data.subarray(at * V, (at + 1) * V), columns) : data.slice(at * V, (at + 1) * V));
    if (this.headAtMasksOnly) {
      const M = Math.max(...rows.map((r) => r.maskPositions.length));
      const pos = new BigInt64Array(B * M);
      rows.forEach((r, b) => {
        r.maskPositions.forEach((p, m) => {
          pos[b * M + m] = BigInt(p);
        });
      });
      feeds.mask_positions = new T('int64', pos, [B, M]);
      const logits = (await this.session.run(feeds)).logits as TypedTensor<'float32'>;
      return rows.map((r, b) => r.maskPositions.map((_, m) => row(logits.data, b * M + m)));
    }
    const logits = (await this.session.run(feeds)).logits as TypedTensor<'float32'>;
    return rows.map((r, b) => r.maskPositions.map((p) => row(logits.data, b * S + p)));
  }
}
