import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { MaskedLM } from '../../core/ports.js';
import type { OrtMaskedLM } from '../../backend/ort-masked-lm.js';
import { estimateModelBytes, ModelPool } from '../model-pool.js';
import { nodeEnvSchema, parseEnv } from '../env-schema.js';
import { loadNodeModel, modelOptionsFromEnv, type NodeModelOptions } from './load-model.js';

/** Default memory budget of the named models on Node: about ten tuned models. */
export const NODE_MODELS_MEMORY_MB = 512;

/**
 * The named models of CLOZE_MODELS_DIR: `<dir>/<name>/` in the default model's layout, loaded
 * with the same options as the default model (precision, graph, threads, batch bounds) and
 * wrapped as it is (`wrap`: micro-batching on the server).
 */
export function nodeModelPool(dir: string, budgetMb: number, options: NodeModelOptions, wrap: (m: OrtMaskedLM) => MaskedLM = (m) => m): ModelPool {
  return new ModelPool(
    async (name) => {
      const folder = join(dir, name);
      const present = await stat(join(folder, 'config.json')).then(
        (s) => s.isFile(),
        () => false,
      );
      if (!present) return undefined;
      const model = await loadNodeModel({ ...options, location: folder });
      return { model: wrap(model), bytes: estimateModelBytes(model.graphBytes), release: () => model.release() };
    },
    budgetMb * 2 ** 20,
    'CLOZE_MODELS_DIR',
  );
}

/** The named models CLOZE_MODELS_DIR holds (budget CLOZE_MODELS_MEMORY_MB), or undefined when it is unset. */
export function modelPoolFromEnv(raw: Record<string, string | undefined>, wrap?: (m: OrtMaskedLM) => MaskedLM): ModelPool | undefined {
  const env = parseEnv(nodeEnvSchema, raw);
  if (!env.CLOZE_MODELS_DIR) return undefined;
  return nodeModelPool(resolve(env.CLOZE_MODELS_DIR), env.CLOZE_MODELS_MEMORY_MB ?? NODE_MODELS_MEMORY_MB, modelOptionsFromEnv(raw), wrap);
}
