import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MemoryConfigStore } from '../src/core/config/config-store.js';
import { PromptEngine } from '../src/core/engine.js';
import { configSchema } from '../src/core/config/schema.js';
import type { GraphKind } from '../src/backend/model-layout.js';
import { MANY_SPANS } from './fixtures.js';
import { loadVariant, type Runtime } from '../tools/lib/load-variant.js';

/**
 * Child process: loads one variant, runs one 64-span NER request and prints JSON with the
 * resident memory after load and the peak (VmHWM) during the request, in MiB.
 */
const { values } = parseArgs({
  options: {
    runtime: { type: 'string', default: 'node' },
    graph: { type: 'string', default: 'auto' },
    rows: { type: 'string', default: '64' },
    tokens: { type: 'string', default: '4096' },
  },
});
// The WASM linear memory is what counts against a worker isolate's limit (compiled code does not).
let wasmMemory: WebAssembly.Memory | undefined;
const NativeMemory = WebAssembly.Memory;
function TrackedMemory(desc: WebAssembly.MemoryDescriptor): WebAssembly.Memory {
  wasmMemory = new NativeMemory(desc);
  return wasmMemory;
}
TrackedMemory.prototype = NativeMemory.prototype;
Object.defineProperty(WebAssembly, 'Memory', { value: TrackedMemory, configurable: true });
const wasmMiB = () => (wasmMemory ? wasmMemory.buffer.byteLength / 1048576 : 0);

const status = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN) / 1024;
const before = status('VmRSS');
const model = await loadVariant({
  runtime: values.runtime as Runtime,
  precision: 'quantized',
  graph: values.graph as GraphKind,
  threads: 1,
  maxBatchRows: Number(values.rows),
  maxBatchTokens: Number(values.tokens),
});
const engine = new PromptEngine(model, new MemoryConfigStore(), { resultCacheSize: 0 });
const loaded = status('VmRSS');
const wasmLoaded = wasmMiB();
const [r] = await engine.ner(
  {
    inline: configSchema.parse({
      task: 'ner',
      template: '{text} {span} is a type of [MASK].',
      types: { person: ['person'], location: ['city'] },
      options: { none_words: ['thing'], max_spans: 64 },
    }),
  },
  [MANY_SPANS],
);
const peak = status('VmHWM');
console.log(JSON.stringify({ before, loaded, peak, wasmLoaded, wasmPeak: wasmMiB(), spans: 64, truncated: r!.truncated }));
