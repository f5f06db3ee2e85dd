import type { OpenAPIHono as Hono } from '@hono/zod-openapi';
import type { AppDeps } from '../http/app-env.js';
import { mountDiscord } from './discord/discord-routes.js';
import { mountSlack } from './slack/slack-routes.js';
import { mountWebhooks } from './webhooks/webhook-route.js';

/**
 * Slack (`/integrations/slack/*`), Discord (`/integrations/discord/interactions`) and Standard
 * Webhooks (`/v1/webhooks/{config}`). Each is authenticated by its platform's signature.
 */
export function mountIntegrations(app: Hono, deps: AppDeps): void {
  const integrations = deps.integrations;
  if (!integrations) return;
  mountSlack(app, deps, integrations);
  mountDiscord(app, deps, integrations);
  mountWebhooks(app, deps, integrations);
}
