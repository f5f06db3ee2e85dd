import type { BackgroundScheduler } from './common/background.js';
import type { RetryPolicy } from './common/deliver.js';
import type { IdempotencyStore } from './common/idempotency.js';
import type { OutboundPolicy } from './common/outbound-url.js';

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
