import { z } from 'zod';

/**
 * Every environment variable (Node) and Worker var/secret the service reads, in one
 * validated schema. A bad value stops startup with a message naming the variable; an empty
 * value counts as unset. Pure zod: imported by both runtimes.
 */
const unsetIfEmpty = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const opt = <T extends z.ZodType>(schema: T) => z.preprocess(unsetIfEmpty, schema.optional());
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');
/** Comma-separated secrets; each at least 16 characters so a typo cannot become a guessable key. */
const keyList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((k) => k.trim())
      .filter((k) => k.length > 0),
  )
  .pipe(
    z
      .array(
        z
          .string()
          .min(16, 'each key must be at least 16 characters')
          .regex(/^[\x21-\x7e]+$/, 'keys are printable ASCII without spaces'),
      )
      .min(1),
  );
const origins = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((o) => o.trim())
      .filter((o) => o.length > 0),
  )
  .pipe(z.array(z.union([z.literal('*'), z.url({ protocol: /^https?$/ })])).min(1));

const httpUrl = z.url({ protocol: /^https?$/ });
const urlPrefixes = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((o) => o.trim())
      .filter((o) => o.length > 0),
  )
  .pipe(z.array(httpUrl).min(1));

/** Slack, Discord and signed webhooks (src/integrations): an unset secret switches that integration off. */
export const integrationEnvShape = {
  SLACK_SIGNING_SECRET: opt(z.string().trim()),
  SLACK_BOT_TOKEN: opt(z.string().trim()),
  /** Slack Web API base (tests point it at loopback). */
  SLACK_API_BASE: opt(httpUrl),
  /** A `response_url` must start with one of these (comma-separated). */
  SLACK_RESPONSE_URL_PREFIXES: opt(urlPrefixes),
  /** The Discord application's Ed25519 public key (hex). */
  DISCORD_PUBLIC_KEY: opt(
    z
      .string()
      .trim()
      .regex(/^[0-9a-fA-F]{64}$/, 'an Ed25519 public key: 64 hex characters'),
  ),
  DISCORD_API_BASE: opt(httpUrl),
  /** Standard Webhooks secret (`whsec_…`); also signs callbacks. */
  WEBHOOK_SECRET: opt(z.string().trim()),
  CLOZE_DELIVERY_ATTEMPTS: opt(int(1, 10)),
  CLOZE_DELIVERY_BASE_MS: opt(int(1, 60_000)),
  CLOZE_DELIVERY_MAX_MS: opt(int(1, 300_000)),
  /** How long a warm model may work inline before a bot answer is deferred. */
  CLOZE_INLINE_BUDGET_MS: opt(int(0, 2_500)),
  /** `true`: callback_url / response_url may point to loopback, private or link-local addresses (tests, private networks). Default: refused. */
  CLOZE_CALLBACK_ALLOW_PRIVATE: opt(flag),
};

export const integrationEnvSchema = z.object(integrationEnvShape);
export type IntegrationEnv = z.infer<typeof integrationEnvSchema>;

/** What both runtimes read: security, limits, caches and the integrations. */
export const sharedEnvShape = {
  ...integrationEnvShape,
  /** Bearer keys for `/v1/*` (comma-separated); unset: the API is open. */
  CLOZE_API_KEYS: opt(keyList),
  /** Bearer keys for config writes (PUT/DELETE /v1/configs/*); they also pass CLOZE_API_KEYS checks. */
  CLOZE_ADMIN_KEYS: opt(keyList),
  /** Requests per minute per key (or per client address without keys); 0 = no limit. Node only: Workers use the RATE_LIMITER binding. */
  CLOZE_RATE_LIMIT_RPM: opt(int(0, 1_000_000)),
  /** Allowed CORS origins (comma-separated, or `*`); unset: no CORS headers. */
  CLOZE_CORS_ORIGINS: opt(origins),
  /** Per-request deadline in ms (504 after it). */
  CLOZE_DEADLINE_MS: opt(int(100, 600_000)),
  /** One JSON access-log line per request (default on). */
  CLOZE_ACCESS_LOG: opt(flag),
  /** Also a JSON line when each request starts (default off): for requests that hang or are in flight. */
  CLOZE_LOG_REQUEST_START: opt(flag),
  CLOZE_RESULT_CACHE: opt(int(0, 1_000_000)),
  CLOZE_MAX_BATCH_ROWS: opt(int(1, 4096)),
  CLOZE_MAX_BATCH_TOKENS: opt(int(16, 1_048_576)),
  CLOZE_MODEL_GRAPH: opt(z.enum(['auto', 'masked', 'full'])),
  /** Memory the named models configs use (`model`) may hold together, in MB; the least recently used are dropped beyond it. */
  CLOZE_MODELS_MEMORY_MB: opt(int(1, 1_000_000)),
};

export const nodeEnvSchema = z.object({
  ...sharedEnvShape,
  PORT: opt(int(0, 65_535)),
  HOST: opt(z.string()),
  CLOZE_DATA_DIR: opt(z.string()),
  CLOZE_BATCH_WAIT_MS: opt(int(0, 1_000)),
  /** Rows waiting or running in the model before new work gets 503 + Retry-After. */
  CLOZE_QUEUE_MAX_ROWS: opt(int(1, 1_000_000)),
  /** After SIGTERM/SIGINT: how long in-flight requests may finish before they are cut (exit 1). */
  CLOZE_SHUTDOWN_GRACE_MS: opt(int(0, 600_000)),
  CLOZE_MODEL: opt(z.string()),
  CLOZE_MODEL_PRECISION: opt(z.enum(['quantized', 'fp32'])),
  CLOZE_MODEL_REVISION: opt(z.string()),
  HF_ENDPOINT: opt(z.url({ protocol: /^https?$/ })),
  CLOZE_CACHE_DIR: opt(z.string()),
  CLOZE_OFFLINE: opt(flag),
  HF_HUB_OFFLINE: opt(flag),
  CLOZE_THREADS: opt(int(0, 256)),
  /** Server processes (cluster workers), each with its own ONNX session, sharing the port. Default: the core count. */
  CLOZE_WORKERS: opt(int(1, 256)),
  /** Shared state of several instances (configs, delivery ids, rate limits) in this Redis, e.g. `redis://host:6379/0`; unset: files and process memory. */
  CLOZE_REDIS_URL: opt(z.url({ protocol: /^rediss?$/ })),
  /** Folder of named models (one sub-folder each, e.g. written by `cloze-edge tune`) that configs name in `model`. */
  CLOZE_MODELS_DIR: opt(z.string()),
});

export const workerEnvSchema = z.object({
  ...sharedEnvShape,
  CLOZE_MODEL_PATH: opt(z.string()),
  CLOZE_MODEL_NAME: opt(z.string()),
  CLOZE_ORT_OPTIMIZATION: opt(z.enum(['disabled', 'basic', 'extended', 'all'])),
  CLOZE_CONFIG_TTL_S: opt(int(0, 86_400)),
  /** Where the named models are in the static assets (default `models/`: one folder each, see tools/worker/stage-assets.ts). */
  CLOZE_MODELS_PATH: opt(z.string()),
});

export type NodeEnv = z.infer<typeof nodeEnvSchema>;
export type WorkerVars = z.infer<typeof workerEnvSchema>;
export type SharedEnv = Pick<NodeEnv, keyof typeof sharedEnvShape>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/** Parses the variables a schema knows (others are ignored); throws EnvError naming each bad one. */
export function parseEnv<S extends z.ZodObject>(schema: S, raw: Record<string, unknown>): z.infer<S> {
  const picked = Object.fromEntries(Object.keys(schema.shape).map((k) => [k, typeof raw[k] === 'string' ? raw[k] : undefined]));
  const parsed = schema.safeParse(picked);
  if (parsed.success) return parsed.data;
  throw new EnvError(parsed.error.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`));
}
