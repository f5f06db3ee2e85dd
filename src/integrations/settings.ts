import { integrationEnvSchema, parseEnv } from '../runtime/env-schema.js';
import { BackgroundTasks, type BackgroundScheduler } from './common/background.js';
import { DEFAULT_RETRY, type RetryPolicy } from './common/deliver.js';
import { MemoryIdempotencyStore, type IdempotencyStore } from './common/idempotency.js';
import type { OutboundPolicy, ResolveHost } from './common/outbound-url.js';

/**
 * Secrets, endpoints and runtime services of the Slack, Discord and webhook integrations.
 * An integration whose secret is unset answers 503 `integration_disabled` and runs nothing.
 */
export interface IntegrationDeps {
  slack: {
    signingSecret?: string;
    /** `xoxb-…`, for answering `app_mention` events with chat.postMessage. */
    botToken?: string;
    /** Slack Web API base (tests point it at loopback). */
    apiBase: string;
    /** A `response_url` must start with one of these (Slack's own host by default). */
    responseUrlPrefixes: string[];
  };
  discord: {
    /** The application's Ed25519 public key, hex. */
    publicKey?: string;
    /** Discord API base for follow-up edits (tests point it at loopback). */
    apiBase: string;
  };
  webhooks: {
    /** Standard Webhooks secret (`whsec_…` base64); also signs callbacks. */
    secret?: string;
  };
  /** Redeliveries are answered from here. */
  idempotency: IdempotencyStore;
  /** `waitUntil` on Workers, tracked promises on Node. */
  background: BackgroundScheduler;
  /** Outbound deliveries (response_url, follow-ups, callbacks). */
  retry: RetryPolicy;
  /** Which hosts a caller-chosen URL (callback_url, response_url) may reach. */
  outbound: OutboundPolicy;
  /** How long a warm model may work inline before the answer is deferred. */
  inlineBudgetMs: number;
}

export type EnvLike = Record<string, unknown>;

/**
 * Reads the integration settings from `process.env` (Node) or the Worker's `env`, validated by
 * the service's one environment schema (a bad value throws EnvError naming the variable).
 */
export function integrationDepsFromEnv(
  raw: EnvLike,
  services: { idempotency?: IdempotencyStore; background?: BackgroundScheduler; resolveHost?: ResolveHost } = {},
): IntegrationDeps {
  const env = parseEnv(integrationEnvSchema, raw);
  return {
    slack: {
      signingSecret: env.SLACK_SIGNING_SECRET,
      botToken: env.SLACK_BOT_TOKEN,
      apiBase: (env.SLACK_API_BASE ?? 'https://slack.com/api').replace(/\/+$/, ''),
      responseUrlPrefixes: env.SLACK_RESPONSE_URL_PREFIXES ?? ['https://hooks.slack.com/'],
    },
    discord: {
      publicKey: env.DISCORD_PUBLIC_KEY,
      apiBase: (env.DISCORD_API_BASE ?? 'https://discord.com/api/v10').replace(/\/+$/, ''),
    },
    webhooks: { secret: env.WEBHOOK_SECRET },
    idempotency: services.idempotency ?? new MemoryIdempotencyStore(),
    background: services.background ?? new BackgroundTasks(),
    retry: {
      attempts: env.CLOZE_DELIVERY_ATTEMPTS ?? DEFAULT_RETRY.attempts,
      baseDelayMs: env.CLOZE_DELIVERY_BASE_MS ?? DEFAULT_RETRY.baseDelayMs,
      maxDelayMs: env.CLOZE_DELIVERY_MAX_MS ?? DEFAULT_RETRY.maxDelayMs,
      timeoutMs: DEFAULT_RETRY.timeoutMs,
    },
    inlineBudgetMs: env.CLOZE_INLINE_BUDGET_MS ?? 2_000,
    outbound: { allowPrivate: env.CLOZE_CALLBACK_ALLOW_PRIVATE ?? false, ...(services.resolveHost && { resolve: services.resolveHost }) },
  };
}
