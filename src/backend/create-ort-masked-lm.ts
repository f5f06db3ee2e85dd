import type { InferenceSession } from 'onnxruntime-common';
import type { ModelFiles } from './model-layout.js';
import { OrtMaskedLM, type OrtMaskedLMOptions, type OrtModule } from './ort-masked-lm.js';

/** Per-pass bounds of an OrtMaskedLM (see OrtMaskedLMOptions); unset ones take its defaults. */
export type BatchBounds = Pick<OrtMaskedLMOptions, 'maxBatchRows' | 'maxBatchTokens' | 'passCostTokens'>;

/**
 * The one way an OrtMaskedLM is assembled from a model folder's files (loadModelFiles) and an
 * ONNX Runtime session created on `files.onnx`, under onnxruntime-node or onnxruntime-web
 * alike. The model id is `<source>#<onnx path>`: where the model came from and which graph.
 */
export function createOrtMaskedLM(files: ModelFiles, ort: OrtModule, session: InferenceSession, source: string, bounds: BatchBounds = {}): OrtMaskedLM {
  return new OrtMaskedLM({
    id: `${source}#${files.onnxPath}`,
    session,
    ort,
    tokenizer: files.tokenizer,
    maxLength: files.maxLength,
    vocabSize: files.vocabSize,
    maxBatchRows: bounds.maxBatchRows,
    maxBatchTokens: bounds.maxBatchTokens,
    passCostTokens: bounds.passCostTokens,
    graphBytes: files.onnx.byteLength,
  });
}
