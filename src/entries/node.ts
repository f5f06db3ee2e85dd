import { serve } from '@hono/node-server';
import { resolve } from 'node:path';
import { MicroBatchingLM } from '../backend/micro-batching-lm.js';
import { PromptEngine } from '../core/engine.js';
import { createApp } from '../http/app.js';
import { integrationDepsFromEnv } from '../integrations/settings.js';
import { BackgroundTasks } from '../integrations/shared/background.js';
import { FileConfigStore } from '../runtime/node/file-config-store.js';
import { FileIdempotencyStore } from '../runtime/node/file-idempotency-store.js';
import { loadNodeModel, modelOptionsFromEnv } from '../runtime/node/load-model.js';
import { warmEngine } from '../runtime/warm-engine.js';

/** `npm start`: the API on Node with native ONNX Runtime; the model is loaded at boot and kept warm. */
const port = Number(process.env.PORT ?? 8787);
const hostname = process.env.HOST ?? '0.0.0.0';
const dataDir = resolve(process.env.CLOZE_DATA_DIR ?? '.data');

// Concurrent requests share forward passes: each waits at most this long for company.
const batchWaitMs = Number(process.env.CLOZE_BATCH_WAIT_MS ?? 2);
const resultCacheSize = Number(process.env.CLOZE_RESULT_CACHE ?? 2048);

const started = performance.now();
const background = new BackgroundTasks();
const engineDeps = warmEngine(
  async () => {
    const model = new MicroBatchingLM(await loadNodeModel(modelOptionsFromEnv()), { maxWaitMs: batchWaitMs, maxRows: 64 });
    return new PromptEngine(model, new FileConfigStore(resolve(dataDir, 'configs')), { resultCacheSize });
  },
  (e) => ({ id: e.model.id, max_length: e.model.maxLength, vocab_size: e.model.vocabSize }),
);
// Webhook ids and Slack event ids already processed, kept across restarts.
const idempotency = await FileIdempotencyStore.open(resolve(dataDir, 'idempotency.jsonl'));
const deps = { ...engineDeps, integrations: integrationDepsFromEnv(process.env, { background, idempotency }) };
deps.engine().then(
  (e) => console.log(`model ready in ${Math.round(performance.now() - started)} ms: ${e.model.id}`),
  (err: unknown) => console.error(`model failed to load: ${err instanceof Error ? err.message : String(err)}`),
);

const server = serve({ fetch: createApp(deps).fetch, port, hostname }, (info) => {
  console.log(`cloze-edge listening on http://${hostname === '0.0.0.0' ? 'localhost' : hostname}:${info.port}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // Deferred Slack/Discord answers and webhook callbacks get a moment to finish.
    server.close(() => void background.idle().then(() => process.exit(0)));
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
