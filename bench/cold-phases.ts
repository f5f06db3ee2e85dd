import * as ort from 'onnxruntime-web/wasm';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createOrtMaskedLM } from '../src/backend/create-ort-masked-lm.js';
import { loadModelFiles } from '../src/backend/model-layout.js';
import { MemoryConfigStore } from '../src/core/config/config-store.js';
import { PromptEngine } from '../src/core/engine.js';
import { DEFAULT_MODEL_DIR, localModelReader } from '../src/runtime/node/model-source.js';

/**
 * One cold model load with onnxruntime-web's WASM backend (the Worker's runtime and code
 * path), timed phase by phase in a fresh process; prints JSON. In workerd the module is
 * compiled when the script loads, so the compile phase is reported apart.
 * Usage: node --import tsx bench/cold-phases.ts [--optimization all|extended|basic|disabled]
 */
const { values } = parseArgs({ options: { optimization: { type: 'string', default: 'all' }, onnx: { type: 'string' } } });
const t = () => performance.now();
const phases: Record<string, number> = {};
const wasmPath = resolve(import.meta.dirname, '../node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm');

let t0 = t();
const module = await WebAssembly.compile(await readFile(wasmPath));
phases.wasm_compile = t() - t0;

t0 = t();
const files = await loadModelFiles(localModelReader(DEFAULT_MODEL_DIR), { precision: 'quantized', graph: 'auto' });
phases.files_and_tokenizer = t() - t0;
if (values.onnx) files.onnx = new Uint8Array(await readFile(values.onnx));

t0 = t();
ort.env.wasm.numThreads = 1;
ort.env.wasm.wasmBinary = new Uint8Array([0x00, 0x61, 0x73, 0x6d]);
const original = WebAssembly.instantiate;
WebAssembly.instantiate = ((_src: unknown, imports?: WebAssembly.Imports) =>
  original(module, imports).then((instance) => ({ instance, module }))) as typeof WebAssembly.instantiate;
const session = await ort.InferenceSession.create(files.onnx, {
  executionProviders: ['wasm'],
  graphOptimizationLevel: values.optimization as 'all',
  enableCpuMemArena: false,
  enableMemPattern: false,
});
WebAssembly.instantiate = original;
phases.session_create = t() - t0;

const model = createOrtMaskedLM(files, ort, session, 'cold', { maxBatchRows: 16, maxBatchTokens: 2048 });
const engine = new PromptEngine(model, new MemoryConfigStore(), { resultCacheSize: 0 });
t0 = t();
await engine.classify({ name: 'sentiment' }, ['I really like the film a lot.']);
phases.first_classify = t() - t0;
t0 = t();
await engine.classify({ name: 'sentiment' }, ['The acting was wooden and the plot made no sense at all.']);
phases.second_classify = t() - t0;
console.log(JSON.stringify(phases));
