import type { RouteModule } from '../http/app-env.js';
import { mountDiscord } from './discord/discord-routes.js';
import type { IntegrationDeps } from './settings.js';
import { mountSlack } from './slack/slack-routes.js';
import { mountWebhooks } from './webhooks/webhook-route.js';

/**
 * Slack (`/integrations/slack/*`), Discord (`/integrations/discord/interactions`) and Standard
 * Webhooks (`/v1/webhooks/{config}`) as one route module for `createApp`. Each is authenticated
 * by its platform's signature, so the webhook path (the only one under `/v1`) needs no API key.
 */
export function integrationRoutes(integrations: IntegrationDeps): RouteModule {
  return {
    authExemptPrefixes: ['/v1/webhooks/'],
    mount(app, deps) {
      mountSlack(app, deps, integrations);
      mountDiscord(app, deps, integrations);
      mountWebhooks(app, deps, integrations);
    },
  };
}
