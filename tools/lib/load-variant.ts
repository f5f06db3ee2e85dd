import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { createOrtMaskedLM } from '../../src/backend/create-ort-masked-lm.js';
import { loadModelFiles, type GraphKind, type Precision } from '../../src/backend/model-layout.js';
import type { OrtMaskedLM } from '../../src/backend/ort-masked-lm.js';
import { DEFAULT_MODEL_DIR, localModelReader } from '../../src/runtime/node/model-source.js';

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

/** The default model under native onnxruntime-node or onnxruntime-web's WASM backend in Node (test/model and bench). */
export async function loadVariant(v: Variant, dir = DEFAULT_MODEL_DIR): Promise<OrtMaskedLM> {
  const files = await loadModelFiles(localModelReader(dir), { precision: v.precision, graph: v.graph });
  const bounds = { maxBatchRows: v.maxBatchRows, maxBatchTokens: v.maxBatchTokens, passCostTokens: v.passCostTokens };
  if (v.runtime === 'node') {
    const session = await ortNode.InferenceSession.create(files.onnx, {
      intraOpNumThreads: v.threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: v.graphOptimizationLevel ?? 'all',
      enableMemPattern: v.enableMemPattern ?? true,
    });
    return createOrtMaskedLM(files, ortNode, session, 'node', bounds);
  }
  ortWeb.env.wasm.numThreads = v.threads;
  const session = await ortWeb.InferenceSession.create(files.onnx, { executionProviders: ['wasm'] });
  return createOrtMaskedLM(files, ortWeb, session, 'wasm', bounds);
}
