import type { OpenAPIHono } from '@hono/zod-openapi';
import type { PromptEngine } from '../core/engine.js';
import type { IntegrationDeps } from '../integrations/settings.js';

/** What the HTTP layer needs from its runtime: a warm engine, loaded once. */
export interface AppDeps {
  /** Resolves once the model is loaded (starting the load if needed); shared by concurrent callers. */
  engine(): Promise<PromptEngine>;
  /** True once the model is loaded. */
  isReady(): boolean;
  /** Describes the loaded model for /readyz. */
  modelInfo?(): Record<string, unknown> | undefined;
  /** Slack, Discord and signed-webhook settings and services; without it those routes are absent. */
  integrations?: IntegrationDeps;
}

export type App = OpenAPIHono;
