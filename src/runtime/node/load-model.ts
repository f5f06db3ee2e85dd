import * as ort from 'onnxruntime-node';
import { loadModelFiles, type ModelSelection } from '../../backend/model-layout.js';
import { createOrtMaskedLM } from '../../backend/create-ort-masked-lm.js';
import type { OrtMaskedLM } from '../../backend/ort-masked-lm.js';
import { nodeEnvSchema, parseEnv, type NodeEnv } from '../env-schema.js';
import { resolveModelSource, type ModelSourceOptions } from './model-source.js';

export interface NodeModelOptions extends ModelSourceOptions, Partial<ModelSelection> {
  /** Folder, URL or Hub id; default: the embedded model. */
  location?: string;
  /** ONNX Runtime intra-op threads (0 = runtime default). */
  threads?: number;
  maxBatchRows?: number;
  maxBatchTokens?: number;
}

/** Loads a masked LM with native onnxruntime-node. */
export async function loadNodeModel(o: NodeModelOptions = {}): Promise<OrtMaskedLM> {
  const source = resolveModelSource(o.location, o);
  const files = await loadModelFiles(source.read, { precision: o.precision ?? 'quantized', graph: o.graph ?? 'auto' }).catch((err: unknown) => {
    throw new Error(`cannot load the model at ${source.location}: ${err instanceof Error ? err.message : String(err)}`);
  });
  const session = await ort.InferenceSession.create(files.onnx, {
    intraOpNumThreads: o.threads ?? 0,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  return createOrtMaskedLM(files, ort, session, source.location, { maxBatchRows: o.maxBatchRows, maxBatchTokens: o.maxBatchTokens });
}

/** Model options from the environment (CLOZE_MODEL, CLOZE_MODEL_PRECISION, …), validated by nodeEnvSchema. */
export function modelOptionsFromEnv(raw: Record<string, string | undefined> = process.env): NodeModelOptions {
  const env: NodeEnv = parseEnv(nodeEnvSchema, raw);
  return {
    location: env.CLOZE_MODEL,
    precision: env.CLOZE_MODEL_PRECISION ?? 'quantized',
    graph: env.CLOZE_MODEL_GRAPH ?? 'auto',
    revision: env.CLOZE_MODEL_REVISION,
    hubEndpoint: env.HF_ENDPOINT,
    cacheDir: env.CLOZE_CACHE_DIR,
    offline: Boolean(env.CLOZE_OFFLINE || env.HF_HUB_OFFLINE),
    threads: env.CLOZE_THREADS,
    maxBatchRows: env.CLOZE_MAX_BATCH_ROWS,
    maxBatchTokens: env.CLOZE_MAX_BATCH_TOKENS,
  };
}
