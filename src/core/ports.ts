/**
 * The ports the prompt engine calls. Runtime adapters (onnxruntime-node, onnxruntime-web in
 * workerd) implement them; the engine never sees ONNX, files or HTTP.
 */

/** Tokenization as the model sees it. Ids never include special tokens unless asked for. */
export interface TokenizerPort {
  /** Token ids of plain user text. Special-token strings inside the text stay plain text. */
  encodePlain(text: string): number[];
  idToToken(id: number): string;
  readonly specialIds: ReadonlySet<number>;
  readonly maskTokenId: number;
  readonly clsTokenId: number;
  readonly sepTokenId: number;
  readonly padTokenId: number;
  readonly unkTokenId: number;
  /** The literal mask string users write in fill-mask text, e.g. `[MASK]`. */
  readonly maskToken: string;
}

/** One prompt row: token ids including [CLS]/[SEP], and the positions of its masks. */
export interface MaskedRow {
  ids: number[];
  maskPositions: number[];
}

/**
 * A masked language model: returns the vocabulary logits at the mask positions of each row.
 * Adapters may compute the MLM head only at those rows.
 */
export interface MaskedLM {
  /** Stable identifier of the loaded weights (used in cache keys). */
  readonly id: string;
  readonly maxLength: number;
  readonly vocabSize: number;
  readonly tokenizer: TokenizerPort;
  /**
   * result[row][mask] is a Float32Array of `vocabSize` logits; with `vocabIds`, of the logits of
   * those ids only, in that order (what scoring label words needs: a graph with a label-word
   * decoder then skips the rest of the vocabulary).
   */
  maskLogits(rows: MaskedRow[], vocabIds?: readonly number[]): Promise<Float32Array[][]>;
}

/** The models a config may name (`"model": "<name>"`), beside the engine's default one; loaded on first use. */
export interface ModelRegistry {
  /** The named model; throws a ClozeError naming the `model` field when there is none. */
  get(name: string): Promise<MaskedLM>;
}
