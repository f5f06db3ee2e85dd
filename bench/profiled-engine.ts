import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { createOrtMaskedLM } from '../src/backend/create-ort-masked-lm.js';
import { loadModelFiles } from '../src/backend/model-layout.js';
import { MemoryConfigStore } from '../src/core/config/config-store.js';
import { PromptEngine } from '../src/core/engine.js';
import { DEFAULT_MODEL_DIR, localModelReader } from '../src/runtime/node/model-source.js';

/** One event of ONNX Runtime's profile (the fields bench reads). */
export interface ProfileEvent {
  cat?: string;
  name: string;
  dur: number;
  args?: { op_name?: string; input_type_shape?: Record<string, number[]>[] };
}

/**
 * The default model on native ORT with its profiler on (1 thread, optimization `all`, plus
 * `extra` session options), behind an engine; `finish()` ends profiling and returns the events.
 */
export async function profiledEngine(id: string, extra: ort.InferenceSession.SessionOptions = {}): Promise<{ engine: PromptEngine; finish(): ProfileEvent[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'cloze-prof-'));
  const files = await loadModelFiles(localModelReader(DEFAULT_MODEL_DIR), { precision: 'quantized', graph: 'auto' });
  const session = await ort.InferenceSession.create(files.onnx, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    enableProfiling: true,
    profileFilePrefix: join(dir, 'p'),
    ...extra,
  });
  const engine = new PromptEngine(createOrtMaskedLM(files, ort, session, id), new MemoryConfigStore(), { resultCacheSize: 0 });
  return {
    engine,
    finish() {
      session.endProfiling();
      return JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]!), 'utf8')) as ProfileEvent[];
    },
  };
}
