import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { MicroBatchingLM } from '../backend/micro-batching-lm.js';
import { MemoryConfigStore, type ConfigStore } from '../core/config/config-store.js';
import { PromptEngine } from '../core/engine.js';
import { createApp } from '../http/app.js';
import type { HttpOptions, RateLimiter } from '../http/app-env.js';
import { TokenBucketLimiter } from '../http/middleware/token-bucket.js';
import { nodeDocsScript } from '../runtime/node/docs-script.js';
import { FileConfigStore } from '../runtime/node/file-config-store.js';
import { loadNodeModel, type NodeModelOptions } from '../runtime/node/load-model.js';
import { warmEngine } from '../runtime/warm-engine.js';

export { FileConfigStore } from '../runtime/node/file-config-store.js';
export { loadNodeModel, type NodeModelOptions } from '../runtime/node/load-model.js';
export type { HttpOptions, RateLimiter } from '../http/app-env.js';

/** What `clozeEdge()` serves; every field optional. */
export interface ClozeEdgeOptions {
  /** Model folder, URL or Hub id (or the loader's full options); default: the embedded model. */
  model?: string | NodeModelOptions;
  /** Stored configs: any ConfigStore, or `{ dir }` for JSON files in a folder; default: in memory (lost on restart). */
  configs?: ConfigStore | { dir: string };
  /** An engine you built (model and configs are then ignored), or a function that builds it on first use. */
  engine?: PromptEngine | (() => Promise<PromptEngine>);
  /** Bearer keys that may call `/v1/*`; unset: open. */
  apiKeys?: readonly string[];
  /** Bearer keys that may also write configs (PUT/DELETE /v1/configs/*). */
  adminKeys?: readonly string[];
  /** Requests per minute per key (or per address, with `clientAddress`); unset: no limit. */
  rateLimitRpm?: number;
  /** Your own limiter instead of `rateLimitRpm` (e.g. one shared across instances). */
  rateLimiter?: RateLimiter;
  /** The caller's address for rate limiting without a key, e.g. `(c) => getConnInfo(c).remote.address`. */
  clientAddress?: (c: Context) => string | undefined;
  /** Per-request deadline in ms (default 30 000): 504 after it. */
  deadlineMs?: number;
  /** Allowed CORS origins (`*` for any); unset: no CORS headers. */
  corsOrigins?: readonly string[];
  /** One JSON log line per request (default false here: your app logs its own way). */
  accessLog?: boolean;
  log?: HttpOptions['log'];
  /** Concurrent requests share forward passes after waiting up to this long (default 2 ms; 0: off). */
  batchWaitMs?: number;
  /** Rows waiting for the model beyond which requests get 503 (default 1024). */
  queueMaxRows?: number;
  /** Answers kept per config and text (default 2048; 0: off). */
  resultCacheSize?: number;
}

function configStoreOf(configs: ClozeEdgeOptions['configs']): ConfigStore {
  if (!configs) return new MemoryConfigStore();
  return 'dir' in configs && typeof configs.dir === 'string' ? new FileConfigStore(configs.dir) : (configs as ConfigStore);
}

/**
 * The cloze-edge API as a Hono app to mount in yours: `app.route('/nlp', clozeEdge())` serves
 * `/nlp/v1/classify`, `/nlp/v1/ner`, `/nlp/v1/fill-mask`, `/nlp/v1/configs`, `/nlp/readyz`,
 * `/nlp/openapi.json` and `/nlp/docs`. The model (native ONNX Runtime, Node) loads on the first
 * request that needs it and stays warm; `/readyz` is 503 until then. Slack, Discord and webhook
 * routes are not mounted.
 */
export function clozeEdge(o: ClozeEdgeOptions = {}): OpenAPIHono {
  const { engine } = o;
  const load =
    engine instanceof PromptEngine
      ? () => Promise.resolve(engine)
      : (engine ??
        (async () => {
          const modelOptions = typeof o.model === 'string' ? { location: o.model } : (o.model ?? {});
          const lm = new MicroBatchingLM(await loadNodeModel(modelOptions), {
            maxWaitMs: o.batchWaitMs ?? 2,
            maxRows: 64,
            maxPendingRows: o.queueMaxRows ?? 1024,
          });
          return new PromptEngine(lm, configStoreOf(o.configs), { resultCacheSize: o.resultCacheSize ?? 2048 });
        }));
  const deps = {
    ...warmEngine(load, (e) => ({ id: e.model.id, max_length: e.model.maxLength, vocab_size: e.model.vocabSize })),
    docsScript: nodeDocsScript,
  };
  const rateLimiter = o.rateLimiter ?? (o.rateLimitRpm ? new TokenBucketLimiter(o.rateLimitRpm) : undefined);
  return createApp(deps, {
    accessLog: o.accessLog ?? false,
    ...(o.apiKeys && { apiKeys: o.apiKeys }),
    ...(o.adminKeys && { adminKeys: o.adminKeys }),
    ...(rateLimiter && { rateLimiter }),
    ...(o.clientAddress && { clientAddress: o.clientAddress }),
    ...(o.deadlineMs !== undefined && { deadlineMs: o.deadlineMs }),
    ...(o.corsOrigins && { corsOrigins: o.corsOrigins }),
    ...(o.log && { log: o.log }),
  });
}
