import { loadModelFiles, type GraphKind } from '../../backend/model-layout.js';
import { createOrtMaskedLM } from '../../backend/create-ort-masked-lm.js';
import type { OrtMaskedLM } from '../../backend/ort-masked-lm.js';
import { estimateModelBytes, ModelPool } from '../model-pool.js';
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
  base = vars.CLOZE_MODEL_PATH ?? 'model/',
  name = vars.CLOZE_MODEL_NAME ?? base,
): Promise<OrtMaskedLM> {
  const graph: GraphKind = vars.CLOZE_MODEL_GRAPH ?? 'auto';
  const files = await loadModelFiles(assetsModelReader(env.ASSETS, base), { precision: 'quantized', graph });
  const optimization: WasmSessionOptions['optimization'] = vars.CLOZE_ORT_OPTIMIZATION ?? 'all';
  const session = await createWasmSession(files.onnx, { optimization });
  return createOrtMaskedLM(files, ort, session, name, {
    maxBatchRows: vars.CLOZE_MAX_BATCH_ROWS ?? WORKER_MAX_BATCH_ROWS,
    maxBatchTokens: vars.CLOZE_MAX_BATCH_TOKENS ?? WORKER_MAX_BATCH_TOKENS,
  });
}

/** Default memory budget of the named models in a Worker (its isolate has 128 MB): one tuned model. */
export const WORKER_MODELS_MEMORY_MB = 48;

/**
 * The named models configs name (`model`), from the static assets: `<CLOZE_MODELS_PATH, default
 * models/><name>/` in the default model's layout (tools/worker/stage-assets.ts stages
 * CLOZE_MODELS_DIR there), loaded on first use within CLOZE_MODELS_MEMORY_MB.
 */
export function workerModelPool(env: WorkerEnv, vars: WorkerVars): ModelPool {
  const root = (vars.CLOZE_MODELS_PATH ?? 'models/').replace(/\/?$/, '/');
  return new ModelPool(
    async (name) => {
      const base = `${root}${name}/`;
      if (!(await assetsModelReader(env.ASSETS, base)('config.json'))) return undefined;
      const model = await loadWorkerModel(env, vars, base, `models/${name}`);
      return { model, bytes: estimateModelBytes(model.graphBytes), release: () => model.release() };
    },
    (vars.CLOZE_MODELS_MEMORY_MB ?? WORKER_MODELS_MEMORY_MB) * 2 ** 20,
    'the models/ assets',
  );
}
