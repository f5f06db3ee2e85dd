import type { OpenAPIHono } from '@hono/zod-openapi';
import { PromptEngine } from '../../core/engine.js';
import { createApp } from '../../http/app.js';
import { integrationDepsFromEnv, type EnvLike } from '../../integrations/settings.js';
import { MemoryIdempotencyStore } from '../../integrations/shared/idempotency.js';
import { KvIdempotencyStore } from '../../integrations/shared/kv-idempotency-store.js';
import { warmEngine } from '../warm-engine.js';
import type { WorkerEnv } from './bindings.js';
import { configStoreFor } from './env-config-store.js';
import { loadWorkerModel } from './load-model.js';
import { wasmMemoryBytes } from './ort-wasm.js';

let app: OpenAPIHono | undefined;

/**
 * The API for this isolate: built on the first request (bindings arrive with it) and reused,
 * so the model is loaded once per isolate and concurrent first requests share that load.
 */
export function workerApp(env: WorkerEnv): OpenAPIHono {
  if (app) return app;
  const { store, kind } = configStoreFor(env);
  const deps = warmEngine(
    async () => {
      const cache = Number(env.CLOZE_RESULT_CACHE ?? 512);
      const engine = new PromptEngine(await loadWorkerModel(env), store, { resultCacheSize: Number.isInteger(cache) && cache >= 0 ? cache : 512 });
      console.log(`cloze-edge: model loaded (${engine.model.id}), configs: ${kind}`);
      return engine;
    },
    (e) => ({
      id: e.model.id,
      max_length: e.model.maxLength,
      vocab_size: e.model.vocabSize,
      runtime: 'workerd (onnxruntime-web wasm, 1 thread)',
      wasm_memory_bytes: wasmMemoryBytes(),
      config_store: kind,
    }),
  );
  // Delivery ids (webhook-id, Slack event_id) in KV when bound, so other isolates see them too.
  const idempotency = env.IDEMPOTENCY ? new KvIdempotencyStore(env.IDEMPOTENCY) : new MemoryIdempotencyStore();
  app = createApp({ ...deps, integrations: integrationDepsFromEnv(env as unknown as EnvLike, { idempotency }) });
  return app;
}
