import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import cluster from 'node:cluster';
import type { Server } from 'node:http';
import { availableParallelism } from 'node:os';
import { basename, isAbsolute, resolve } from 'node:path';
import { MicroBatchingLM } from '../backend/micro-batching-lm.js';
import { PromptEngine } from '../core/engine.js';
import { createApp } from '../http/app.js';
import { newLifecycle, type HttpOptions } from '../http/app-env.js';
import { errorFields, log } from '../core/log.js';
import { EnvError, nodeEnvSchema, parseEnv, type NodeEnv } from '../runtime/env-schema.js';
import { describeSecurity, httpOptionsFromEnv } from '../runtime/http-options.js';
import { integrationRoutes } from '../integrations/mount.js';
import { integrationDepsFromEnv } from '../runtime/integration-env.js';
import { resolveHost } from '../runtime/node/resolve-host.js';
import { logConnectionEvents } from '../runtime/node/connection-log.js';
import { BackgroundTasks } from '../integrations/common/background.js';
import { nodeDocsScript } from '../runtime/node/docs-script.js';
import { isPrimaryMessage, type WorkerToPrimary } from '../runtime/node/cluster-messages.js';
import { runPrimary } from '../runtime/node/cluster-primary.js';
import { exitGracefullyOnSignals } from '../runtime/node/graceful-shutdown.js';
import { createSharedState } from '../runtime/node/shared-state.js';
import { loadNodeModel, modelOptionsFromEnv } from '../runtime/node/load-model.js';
import { modelPoolFromEnv } from '../runtime/node/named-models.js';
import { warmEngine } from '../runtime/warm-engine.js';

/** `npm start`: the API on Node with native ONNX Runtime; the model is loaded at boot and kept warm. */
let env: NodeEnv;
try {
  env = parseEnv(nodeEnvSchema, process.env);
} catch (err) {
  log('error', err instanceof EnvError ? { msg: `cloze-edge: ${err.message}` } : { msg: 'cloze-edge: cannot read the environment', ...errorFields(err) });
  process.exit(2);
}
const dataDir = resolve(env.CLOZE_DATA_DIR ?? '.data');
// Several server processes (one ONNX session each) use every core; one needs no cluster.
const workers = env.CLOZE_WORKERS ?? availableParallelism();
if (workers > 1 && cluster.isPrimary) {
  await runPrimary({ workers, dataDir, threads: env.CLOZE_THREADS ?? Math.max(1, Math.floor(availableParallelism() / workers)) });
} else {
  await serveHere();
}

/** One HTTP server with its own model: the whole service, or one cluster worker. */
async function serveHere(): Promise<void> {
  const port = env.PORT ?? 8787;
  const hostname = env.HOST ?? '0.0.0.0';
  // Concurrent requests share forward passes in arrival order; 0 turns micro-batching off.
  const batchWaitMs = env.CLOZE_BATCH_WAIT_MS ?? 2;
  const resultCacheSize = env.CLOZE_RESULT_CACHE ?? 2048;
  const queueMaxRows = env.CLOZE_QUEUE_MAX_ROWS ?? 1024;
  const graceMs = env.CLOZE_SHUTDOWN_GRACE_MS ?? 10_000;

  /** `/abs/path/models/x#onnx/model.onnx` → `x#onnx/model.onnx`: /readyz never shows server paths. */
  const publicModelId = (id: string): string => {
    const [location = '', file] = id.split('#');
    return `${isAbsolute(location) ? basename(location) : location}${file ? `#${file}` : ''}`;
  };

  const started = performance.now();
  // Configs, delivery ids and rate limits: Redis when CLOZE_REDIS_URL is set, else files and memory.
  const shared = await createSharedState(env, dataDir, { log }).catch((err: unknown) => {
    log('error', { msg: `cloze-edge: ${err instanceof Error ? err.message : String(err)}` });
    process.exit(1);
  });
  const background = new BackgroundTasks();
  const engineDeps = warmEngine(
    async () => {
      const batching = { maxWaitMs: batchWaitMs, maxRows: 64, maxPendingRows: queueMaxRows };
      const model = new MicroBatchingLM(await loadNodeModel(modelOptionsFromEnv()), batching);
      // configs naming a model (`model`) run on CLOZE_MODELS_DIR/<name>, loaded on first use
      const models = modelPoolFromEnv(process.env, (m) => new MicroBatchingLM(m, batching));
      return new PromptEngine(model, shared.configs, { resultCacheSize, ...(models && { models }) });
    },
    (e) => ({ id: publicModelId(e.model.id), max_length: e.model.maxLength, vocab_size: e.model.vocabSize }),
  );
  // In a cluster, /readyz is 200 only once every worker has its model.
  const peers = { ready: 0, total: 1 };
  if (cluster.isWorker) {
    process.on('message', (m: unknown) => {
      if (isPrimaryMessage(m) && m.type === 'cloze:workers') Object.assign(peers, { ready: m.ready, total: m.total });
    });
  }
  const deps = {
    ...engineDeps,
    docsScript: nodeDocsScript,
    isReady: () => engineDeps.isReady() && (!cluster.isWorker || peers.ready >= peers.total),
    stateReady: shared.isReady,
    modelInfo: () => {
      const info = engineDeps.modelInfo?.();
      return info && cluster.isWorker ? { ...info, workers: { ready: peers.ready, total: peers.total } } : info;
    },
    routes: [integrationRoutes(integrationDepsFromEnv(process.env, { background, idempotency: shared.idempotency, resolveHost }))],
  };
  deps.engine().then(
    (e) => {
      log('info', { msg: 'model ready', ms: Math.round(performance.now() - started), model: publicModelId(e.model.id) });
      if (cluster.isWorker) process.send?.({ type: 'cloze:ready' } satisfies WorkerToPrimary);
    },
    (err: unknown) => log('error', { msg: 'model failed to load', ...errorFields(err) }),
  );

  const lifecycle = newLifecycle();
  const options: HttpOptions = {
    ...httpOptionsFromEnv(env),
    ...(shared.rateLimiter ? { rateLimiter: shared.rateLimiter } : {}),
    clientAddress: (c) => getConnInfo(c).remote.address,
    lifecycle,
  };
  log('info', { msg: describeSecurity(options) });

  const server = serve({ fetch: createApp(deps, options).fetch, port, hostname }, (info) => {
    log('info', { msg: `cloze-edge listening on http://${hostname === '0.0.0.0' ? 'localhost' : hostname}:${info.port}` });
  }) as Server;
  logConnectionEvents(server, { draining: () => lifecycle.draining });

  exitGracefullyOnSignals({ server, lifecycle, graceMs, backgroundIdle: () => background.idle(), log });
}
