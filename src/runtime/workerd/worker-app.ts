import { OpenAPIHono } from '@hono/zod-openapi';
import { PromptEngine } from '../../core/engine.js';
import { ClozeError } from '../../core/errors.js';
import { createApp } from '../../http/app.js';
import type { HttpOptions } from '../../http/app-env.js';
import { problemJson } from '../../http/problem.js';
import { EnvError, parseEnv, workerEnvSchema, type WorkerVars } from '../env-schema.js';
import { describeSecurity, httpOptionsFromEnv } from '../http-options.js';
import { integrationRoutes } from '../../integrations/mount.js';
import { integrationDepsFromEnv, type EnvLike } from '../integration-env.js';
import { MemoryIdempotencyStore } from '../../integrations/common/idempotency.js';
import { KvIdempotencyStore } from '../../integrations/common/kv-idempotency-store.js';
import { warmEngine } from '../warm-engine.js';
import type { RateLimitBinding, WorkerEnv } from './bindings.js';
import { assetsModelReader } from './assets-reader.js';
import { configStoreFor } from './env-config-store.js';
import { DurableIdempotencyStore } from './state-client.js';
import { loadWorkerModel, workerModelPool } from './load-model.js';
import { wasmMemoryBytes } from './ort-wasm.js';
import { log } from '../../core/log.js';

let app: OpenAPIHono | undefined;

/** The Workers rate-limit binding as the HTTP layer's RateLimiter (its period: 60 s). */
const bindingLimiter = (binding: RateLimitBinding): NonNullable<HttpOptions['rateLimiter']> => ({
  limit: async (key) => ({ success: (await binding.limit({ key })).success, retryAfterS: 60 }),
});

/** An app that answers every request 500 (and logs why once): vars that do not validate stop the service. */
function misconfigured(err: EnvError): OpenAPIHono {
  log('error', { msg: 'cloze-edge: invalid environment', problems: err.problems });
  const broken = new OpenAPIHono();
  broken.all('*', (c) => problemJson(c, new ClozeError('internal', 'the service is misconfigured; see its log')));
  return broken;
}

/**
 * The API for this isolate: built on the first request (bindings arrive with it) and reused,
 * so the model is loaded once per isolate and concurrent first requests share that load.
 */
export function workerApp(env: WorkerEnv): OpenAPIHono {
  if (app) return app;
  let vars: WorkerVars;
  try {
    vars = parseEnv(workerEnvSchema, env as unknown as Record<string, unknown>);
  } catch (err) {
    if (!(err instanceof EnvError)) throw err;
    app = misconfigured(err);
    return app;
  }
  const { store, kind } = configStoreFor(env);
  const deps = warmEngine(
    async () => {
      const engine = new PromptEngine(await loadWorkerModel(env, vars), store, {
        resultCacheSize: vars.CLOZE_RESULT_CACHE ?? 512,
        models: workerModelPool(env, vars),
      });
      log('info', { msg: 'cloze-edge: model loaded', model: engine.model.id, configs: kind });
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
  const options: HttpOptions = {
    ...httpOptionsFromEnv(vars),
    ...(env.RATE_LIMITER ? { rateLimiter: bindingLimiter(env.RATE_LIMITER) } : {}),
    clientAddress: (c) => c.req.header('cf-connecting-ip'),
  };
  log('info', { msg: `cloze-edge: ${describeSecurity(options)}` });
  // Delivery ids (webhook-id, Slack event_id): claimed in the ClozeState Durable Object (atomic
  // for every isolate), else in KV when bound (other isolates see them, not atomically), else memory.
  const idempotency = env.STATE
    ? new DurableIdempotencyStore(env.STATE)
    : env.IDEMPOTENCY
      ? new KvIdempotencyStore(env.IDEMPOTENCY)
      : new MemoryIdempotencyStore();
  // Scalar's pinned bundle, staged into the static assets by `npm run stage:worker`
  let docsScript: Promise<Uint8Array | undefined> | undefined;
  const readDocsScript = () => (docsScript ??= assetsModelReader(env.ASSETS, 'docs/')('scalar.js'));
  app = createApp(
    { ...deps, docsScript: readDocsScript, routes: [integrationRoutes(integrationDepsFromEnv(env as unknown as EnvLike, { idempotency }))] },
    options,
  );
  return app;
}
