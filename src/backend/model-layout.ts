import { HfTokenizer } from './hf-tokenizer.js';

/** Reads a file of a Hugging Face-layout model folder; undefined when it does not exist. */
export type ModelFileReader = (path: string) => Promise<Uint8Array | undefined>;

export type Precision = 'quantized' | 'fp32';
/** `masked`: a graph with a `mask_positions` input whose MLM head runs only at the masks. */
export type GraphKind = 'auto' | 'masked' | 'full';

export interface ModelSelection {
  precision: Precision;
  graph: GraphKind;
}

export interface ModelFiles {
  config: Record<string, unknown>;
  tokenizer: HfTokenizer;
  maxLength: number;
  vocabSize: number;
  onnxPath: string;
  onnx: Uint8Array;
}

const decoder = new TextDecoder();

async function readJson(read: ModelFileReader, path: string): Promise<Record<string, unknown>> {
  const bytes = await read(path);
  if (!bytes) throw new Error(`model folder has no ${path}`);
  return JSON.parse(decoder.decode(bytes)) as Record<string, unknown>;
}

/** The ONNX files to try, best first, for a selection. */
export function onnxCandidates(sel: ModelSelection): string[] {
  const suffix = sel.precision === 'quantized' ? '_quantized' : '';
  const masked = `onnx/model_masked${suffix}.onnx`;
  const full = `onnx/model${suffix}.onnx`;
  if (sel.graph === 'masked') return [masked];
  if (sel.graph === 'full') return [full];
  // the other precision when a folder lacks this one (the embedded model ships int8 graphs only)
  const other = sel.precision === 'quantized' ? ['onnx/model.onnx'] : ['onnx/model_masked_quantized.onnx', 'onnx/model_quantized.onnx'];
  return [masked, full, ...other];
}

/** Loads config, tokenizer and the chosen ONNX graph of a Hugging Face-layout model folder. */
export async function loadModelFiles(read: ModelFileReader, sel: ModelSelection): Promise<ModelFiles> {
  const candidates = onnxCandidates(sel);
  // the graph (by far the largest file) is read while the small JSON files are
  const [config, tokenizerJson, tokenizerConfig, preferred] = await Promise.all([
    readJson(read, 'config.json'),
    readJson(read, 'tokenizer.json'),
    readJson(read, 'tokenizer_config.json'),
    read(candidates[0]!),
  ]);
  let onnxPath = preferred ? candidates[0]! : '';
  let onnx = preferred;
  for (const candidate of candidates.slice(1)) {
    if (onnx) break;
    onnx = await read(candidate);
    if (onnx) onnxPath = candidate;
  }
  if (!onnx) throw new Error(`model folder has none of ${candidates.join(', ')}`);
  const positions = Number(config.max_position_embeddings ?? 512);
  const declared = Number(tokenizerConfig.model_max_length ?? positions);
  const maxLength = Math.min(positions, declared > 0 && declared < 1e6 ? declared : positions);
  return {
    config,
    tokenizer: new HfTokenizer(tokenizerJson, tokenizerConfig),
    maxLength,
    vocabSize: Number(config.vocab_size),
    onnxPath,
    onnx,
  };
}
