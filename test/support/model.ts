import type { OrtMaskedLM } from '../../src/backend/ort-masked-lm.js';
import { loadNodeModel } from '../../src/runtime/node/load-model.js';

let shared: Promise<OrtMaskedLM> | undefined;

/** The embedded default model through native ONNX Runtime, loaded once per test file. */
export function defaultModel(): Promise<OrtMaskedLM> {
  shared ??= loadNodeModel({ threads: 1 });
  return shared;
}
