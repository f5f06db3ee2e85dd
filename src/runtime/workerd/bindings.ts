/**
 * The Cloudflare bindings this service uses, typed structurally (only the members we call),
 * so the project needs no global Workers type package next to the DOM lib.
 */

/** A static-assets binding (`[assets] binding = "ASSETS"`) or any service binding. */
export interface FetcherLike {
  fetch(request: Request): Promise<Response>;
}

export interface KvListResult {
  keys: { name: string }[];
  list_complete: boolean;
  cursor?: string;
}

/** The subset of a Workers KV namespace used by the config store. */
export interface KvNamespaceLike {
  get(key: string, type: 'text'): Promise<string | null>;
  put(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  list(options: { prefix?: string; cursor?: string; limit?: number }): Promise<KvListResult>;
}

/** A Workers rate-limit binding (`[[unsafe.bindings]] type = "ratelimit"`). */
export interface RateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

import type { DurableObjectNamespaceLike } from './state-protocol.js';

/**
 * `env` of the Worker and of the Pages Functions (see wrangler.toml). String vars are
 * validated by workerEnvSchema (src/runtime/env-schema.ts) before use.
 */
export interface WorkerEnv {
  /** Static assets holding the model folder (fp32 graphs excluded). */
  ASSETS: FetcherLike;
  /** User configs; optional: without it configs live in isolate memory only. */
  CONFIGS?: KvNamespaceLike;
  /** Folder of the model inside the assets, e.g. `model/`. */
  CLOZE_MODEL_PATH?: string;
  /** Name reported in /readyz, e.g. `cloze-bert-mini`. */
  CLOZE_MODEL_NAME?: string;
  /** `auto` | `masked` | `full` (default auto: the mask-positions graph when present). */
  CLOZE_MODEL_GRAPH?: string;
  /** onnxruntime graph optimization: `disabled` | `basic` | `extended` | `all` (default). */
  CLOZE_ORT_OPTIMIZATION?: string;
  /** Entries of the engine's result cache (default 512). */
  CLOZE_RESULT_CACHE?: string;
  CLOZE_MAX_BATCH_ROWS?: string;
  CLOZE_MAX_BATCH_TOKENS?: string;
  /** Seconds a config read from KV is reused by this isolate. */
  CLOZE_CONFIG_TTL_S?: string;
  /** Secrets (`wrangler secret put`): bearer keys for /v1/*, and for config writes. */
  CLOZE_API_KEYS?: string;
  CLOZE_ADMIN_KEYS?: string;
  CLOZE_CORS_ORIGINS?: string;
  CLOZE_DEADLINE_MS?: string;
  CLOZE_ACCESS_LOG?: string;
  CLOZE_LOG_REQUEST_START?: string;
  /** Optional per-key rate limit (429 + Retry-After when it says no). */
  RATE_LIMITER?: RateLimitBinding;
  /**
   * The ClozeState Durable Object (wrangler.toml): decides config writes (If-Match, versions;
   * CONFIGS stays the read cache) and delivery-id claims for every isolate. Optional.
   */
  STATE?: DurableObjectNamespaceLike;
  /** Delivery ids already processed (webhook-id, Slack event_id), when STATE is not bound; optional: isolate memory otherwise. */
  IDEMPOTENCY?: KvNamespaceLike & { put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void> };
  /** Integration secrets (`wrangler secret put …`) and endpoints; see README "Slack, Discord and webhooks". */
  SLACK_SIGNING_SECRET?: string;
  SLACK_BOT_TOKEN?: string;
  DISCORD_PUBLIC_KEY?: string;
  WEBHOOK_SECRET?: string;
}
