import * as ort from 'onnxruntime-web/wasm';
// The runtime's own binary, matching the JS above (same package version). wrangler's
// CompiledWasm rule compiles it at upload time: workerd never compiles WebAssembly from bytes.
import ortWasmModule from 'onnxruntime-web/dist/ort-wasm-simd-threaded.wasm';

export { ort };

/**
 * onnxruntime-web's emscripten loader calls `WebAssembly.instantiate(bytes, imports)` with the
 * bytes of `env.wasm.wasmBinary` and expects `{ instance, module }`. A non-empty placeholder
 * keeps it from fetching a URL; while the runtime initializes, `WebAssembly.instantiate` is
 * swapped for one that instantiates the precompiled module instead of compiling the bytes.
 */
const PLACEHOLDER = new Uint8Array([0x00, 0x61, 0x73, 0x6d]);

let configured = false;
/** The runtime's linear memory (found among the instantiation imports), for /readyz. */
let linearMemory: WebAssembly.Memory | undefined;

/** Bytes of WebAssembly linear memory the runtime holds now (it only grows). */
export function wasmMemoryBytes(): number | undefined {
  return linearMemory?.buffer.byteLength;
}

function findMemory(imports: WebAssembly.Imports | undefined): WebAssembly.Memory | undefined {
  for (const ns of Object.values(imports ?? {})) {
    for (const value of Object.values(ns)) if (value instanceof WebAssembly.Memory) return value;
  }
  return undefined;
}

function configure(): void {
  if (configured) return;
  ort.env.wasm.numThreads = 1; // no Web Workers / SharedArrayBuffer threads in workerd
  ort.env.wasm.proxy = false;
  ort.env.wasm.wasmBinary = PLACEHOLDER;
  ort.env.logLevel = 'error';
  configured = true;
}

type Instantiate = typeof WebAssembly.instantiate;

/** Runs `init` with `WebAssembly.instantiate` answering byte sources with the precompiled module. */
async function withPrecompiledWasm<T>(module: WebAssembly.Module, init: () => Promise<T>): Promise<T> {
  const original: Instantiate = WebAssembly.instantiate;
  const patched = (source: WebAssembly.Module | BufferSource, imports?: WebAssembly.Imports) => {
    if (source instanceof WebAssembly.Module) return original(source, imports);
    linearMemory = findMemory(imports) ?? linearMemory;
    return original(module, imports).then((instance) => ({ instance, module }));
  };
  WebAssembly.instantiate = patched as Instantiate;
  try {
    return await init();
  } finally {
    WebAssembly.instantiate = original;
  }
}

export interface WasmSessionOptions {
  /** Graph optimization level; `all` fuses attention/GELU for speed. */
  optimization?: 'disabled' | 'basic' | 'extended' | 'all';
}

/**
 * Creates an InferenceSession on the single-threaded WASM backend from model bytes. The
 * first call also initializes the runtime from the precompiled module.
 */
export async function createWasmSession(model: Uint8Array, o: WasmSessionOptions = {}): Promise<ort.InferenceSession> {
  configure();
  return withPrecompiledWasm(ortWasmModule, () =>
    ort.InferenceSession.create(model, {
      executionProviders: ['wasm'],
      graphOptimizationLevel: o.optimization ?? 'all',
      enableCpuMemArena: false,
      enableMemPattern: false,
    }),
  );
}
