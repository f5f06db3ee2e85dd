import { loadModelFiles, type GraphKind } from '../../backend/model-layout.js';
import { createOrtMaskedLM } from '../../backend/create-ort-masked-lm.js';
import type { OrtMaskedLM } from '../../backend/ort-masked-lm.js';
import { assetsModelReader } from './assets-reader.js';
import { parseEnv, workerEnvSchema, type WorkerVars } from '../env-schema.js';
import type { WorkerEnv } from './bindings.js';
import { createWasmSession, ort, type WasmSessionOptions } from './ort-wasm.js';

/** Conservative per-pass bounds for a 128 MB isolate (activations grow with rows × tokens). */
export const WORKER_MAX_BATCH_ROWS = 16;
export const WORKER_MAX_BATCH_TOKENS = 2048;

/**
 * Loads the quantized model from the static assets into onnxruntime-web (WASM, one thread).
 * The masked graph is preferred: its MLM head runs only at mask positions.
 */
export async function loadWorkerModel(
  env: WorkerEnv,
  vars: WorkerVars = parseEnv(workerEnvSchema, env as unknown as Record<string, unknown>),
): Promise<OrtMaskedLM> {
  const base = vars.CLOZE_MODEL_PATH ?? 'model/';
  const graph: GraphKind = vars.CLOZE_MODEL_GRAPH ?? 'auto';
  const files = await loadModelFiles(assetsModelReader(env.ASSETS, base), { precision: 'quantized', graph });
  const optimization: WasmSessionOptions['optimization'] = vars.CLOZE_ORT_OPTIMIZATION ?? 'all';
  const session = await createWasmSession(files.onnx, { optimization });
  return createOrtMaskedLM(files, ort, session, vars.CLOZE_MODEL_NAME ?? base, {
    maxBatchRows: vars.CLOZE_MAX_BATCH_ROWS ?? WORKER_MAX_BATCH_ROWS,
    maxBatchTokens: vars.CLOZE_MAX_BATCH_TOKENS ?? WORKER_MAX_BATCH_TOKENS,
  });
}
