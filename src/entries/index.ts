/**
 * `import … from 'cloze-edge'`: the engine API, runtime-neutral (no Node built-ins, no ONNX
 * Runtime): bring a MaskedLM (e.g. `loadNodeModel` from `cloze-edge/hono`) and a config store.
 */
export { PromptEngine, configCatalog, type ConfigRef, type EngineOptions } from '../core/engine.js';
export { PRESETS } from '../core/config/presets.js';
export {
  configSchema,
  classifyConfigSchema,
  nerConfigSchema,
  type ClassifyConfig,
  type NerConfig,
  type PromptConfig,
  type PromptConfigInput,
} from '../core/config/schema.js';
export { LIMITS } from '../core/limits.js';
export {
  MemoryConfigStore,
  LayeredConfigStore,
  type ConfigStore,
  type ConfigListing,
  type StoredConfig,
  type PutResult,
  type WriteCondition,
} from '../core/config/config-store.js';
export { ClozeError, isClozeError, type ErrorCode, type FieldIssue } from '../core/errors.js';
export type { MaskedLM, MaskedRow, TokenizerPort } from '../core/ports.js';
export type { ClassifyOptions, ClassifyResult, Prediction } from '../core/tasks/classify.js';
export type { Entity, NerResult } from '../core/tasks/ner.js';
export type { FillMaskOptions } from '../core/tasks/fill-mask.js';
