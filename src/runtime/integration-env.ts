import { BackgroundTasks, type BackgroundScheduler } from '../integrations/common/background.js';
import { DEFAULT_RETRY } from '../integrations/common/deliver.js';
import { MemoryIdempotencyStore, type IdempotencyStore } from '../integrations/common/idempotency.js';
import type { ResolveHost } from '../integrations/common/outbound-url.js';
import type { IntegrationDeps } from '../integrations/settings.js';
import { integrationEnvSchema, parseEnv } from './env-schema.js';

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
