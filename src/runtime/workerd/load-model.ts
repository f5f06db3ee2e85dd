import { loadModelFiles, type GraphKind } from '../../backend/model-layout.js';
import { OrtMaskedLM } from '../../backend/ort-masked-lm.js';
import { assetsModelReader } from './assets-reader.js';
import type { WorkerEnv } from './bindings.js';
import { createWasmSession, ort, type WasmSessionOptions } from './ort-wasm.js';

/** Conservative per-pass bounds for a 128 MB isolate (activations grow with rows × tokens). */
export const WORKER_MAX_BATCH_ROWS = 16;
export const WORKER_MAX_BATCH_TOKENS = 2048;

function positiveInt(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

function optimization(value: string | undefined): WasmSessionOptions['optimization'] {
  return value === 'disabled' || value === 'basic' || value === 'extended' ? value : 'all';
}

function graphKind(value: string | undefined): GraphKind {
  return value === 'masked' || value === 'full' ? value : 'auto';
}

/**
 * Loads the quantized model from the static assets into onnxruntime-web (WASM, one thread).
 * The masked graph is preferred: its MLM head runs only at mask positions.
 */
export async function loadWorkerModel(env: WorkerEnv): Promise<OrtMaskedLM> {
  const base = env.CLOZE_MODEL_PATH ?? 'model/';
  const files = await loadModelFiles(assetsModelReader(env.ASSETS, base), { precision: 'quantized', graph: graphKind(env.CLOZE_MODEL_GRAPH) });
  const session = await createWasmSession(files.onnx, { optimization: optimization(env.CLOZE_ORT_OPTIMIZATION) });
  return new OrtMaskedLM({
    id: `${env.CLOZE_MODEL_NAME ?? base}#${files.onnxPath}`,
    session,
    ort,
    tokenizer: files.tokenizer,
    maxLength: files.maxLength,
    vocabSize: files.vocabSize,
    maxBatchRows: positiveInt(env.CLOZE_MAX_BATCH_ROWS, WORKER_MAX_BATCH_ROWS),
    maxBatchTokens: positiveInt(env.CLOZE_MAX_BATCH_TOKENS, WORKER_MAX_BATCH_TOKENS),
  });
}
