import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadModelFiles, type GraphKind, type Precision } from '../src/backend/model-layout.js';
import { OrtMaskedLM } from '../src/backend/ort-masked-lm.js';
import { DEFAULT_MODEL_DIR } from '../src/runtime/node/model-source.js';

export type Runtime = 'node' | 'wasm';

export interface Variant {
  runtime: Runtime;
  precision: Precision;
  graph: GraphKind;
  threads: number;
  maxBatchRows?: number;
  maxBatchTokens?: number;
  /** OrtMaskedLM length buckets (Infinity: pad each bounded batch to its longest row, as before). */
  passCostTokens?: number;
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
  enableMemPattern?: boolean;
}

const read = (dir: string) => async (p: string) => {
  try {
    return new Uint8Array(await readFile(join(dir, p)));
  } catch {
    return undefined;
  }
};

/** The default model under native onnxruntime-node or onnxruntime-web's WASM backend in Node. */
export async function loadVariant(v: Variant, dir = DEFAULT_MODEL_DIR): Promise<OrtMaskedLM> {
  const files = await loadModelFiles(read(dir), { precision: v.precision, graph: v.graph });
  if (v.runtime === 'node') {
    const session = await ortNode.InferenceSession.create(files.onnx, {
      intraOpNumThreads: v.threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: v.graphOptimizationLevel ?? 'all',
      enableMemPattern: v.enableMemPattern ?? true,
    });
    return new OrtMaskedLM({ id: `node:${files.onnxPath}`, session, ort: ortNode, tokenizer: files.tokenizer, maxLength: files.maxLength, vocabSize: files.vocabSize, maxBatchRows: v.maxBatchRows, maxBatchTokens: v.maxBatchTokens, passCostTokens: v.passCostTokens });
  }
  ortWeb.env.wasm.numThreads = v.threads;
  const session = await ortWeb.InferenceSession.create(files.onnx, { executionProviders: ['wasm'] });
  return new OrtMaskedLM({ id: `wasm:${files.onnxPath}`, session, ort: ortWeb, tokenizer: files.tokenizer, maxLength: files.maxLength, vocabSize: files.vocabSize, maxBatchRows: v.maxBatchRows, maxBatchTokens: v.maxBatchTokens, passCostTokens: v.passCostTokens });
}
