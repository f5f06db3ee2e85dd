import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { PromptEngine } from '../core/engine.js';
import { ClozeError } from '../core/errors.js';
import type { Logger } from '../core/log.js';

/** What the HTTP layer needs from its runtime: a warm engine, loaded once. */
export interface AppDeps {
  /** Resolves once the model is loaded (starting the load if needed); shared by concurrent callers. */
  engine(): Promise<PromptEngine>;
  /** True once the model is loaded. */
  isReady(): boolean;
  /** False while shared state (Redis) is unreachable: /readyz answers 503 `state_unavailable`. */
  stateReady?(): boolean;
  /** Describes the loaded model for /readyz. */
  modelInfo?(): Record<string, unknown> | undefined;
  /** More routes from the assembly point (the Slack, Discord and webhook integrations), mounted after /v1/configs. */
  routes?: readonly RouteModule[];
  /** The API reference page's script (Scalar's pinned bundle), served at /docs/scalar.js; without it that path is 404. */
  docsScript?(): Promise<Uint8Array | undefined>;
}

export type App = OpenAPIHono;

/** Routes the HTTP layer does not know about, with their own authentication rule. */
export interface RouteModule {
  /** Path prefixes under `/v1` that authenticate themselves (signed webhooks): API keys are not asked there. */
  authExemptPrefixes?: readonly string[];
  mount(app: App, deps: AppDeps): void;
}

/** Decides whether a caller (a key id or a client address) may make another request now. */
export interface RateLimiter {
  limit(key: string): Promise<{ success: boolean; retryAfterS: number }>;
}

/** Work that can be stopped with a reason. */
export interface Abortable {
  abort(reason?: unknown): void;
}

/** Shared between the app and its server: lets shutdown drain and cut in-flight work. */
export interface Lifecycle {
  /** True once shutdown began: /readyz answers 503. */
  draining: boolean;
  /** Requests being answered now. */
  inFlight: number;
  /** The deadlines of the requests in flight (anything with `abort(reason)`, e.g. an AbortController). */
  readonly requests: Set<Abortable>;
  /** Shutdown gives up waiting: in-flight requests answer 503 and stop at their next model call. */
  cutAll(): void;
}

export function newLifecycle(): Lifecycle {
  const requests = new Set<Abortable>();
  const lifecycle: Lifecycle = {
    draining: false,
    inFlight: 0,
    requests,
    cutAll() {
      lifecycle.draining = true;
      for (const c of requests) c.abort(new ClozeError('shutting_down', 'the server is shutting down; retry on another instance', { retryAfterS: 1 }));
    },
  };
  return lifecycle;
}

/** Security, limits and logging of the HTTP layer; every field optional (defaults: open API, 30 s deadline, access log on). */
export interface HttpOptions {
  /** Bearer keys that may call `/v1/*`; empty or unset: open. */
  apiKeys?: readonly string[];
  /** Bearer keys that may write configs (PUT/DELETE /v1/configs/*); they may call everything else too. */
  adminKeys?: readonly string[];
  /** Per-key (or per-address) rate limit on `/v1/*`. */
  rateLimiter?: RateLimiter;
  /** The caller's address for rate limiting when it sends no key. */
  clientAddress?: (c: Context) => string | undefined;
  /** Allowed CORS origins (`*` for any); unset: no CORS headers. */
  corsOrigins?: readonly string[];
  /** Per-request deadline in ms (default 30 000): 504 after it. */
  deadlineMs?: number;
  /** One JSON line per request (default true). */
  accessLog?: boolean;
  /** One more JSON line when a request starts, before its body is read (default false). */
  logRequestStart?: boolean;
  /** Where log lines go (default: the installed logger, one JSON object per line). */
  log?: Logger;
  lifecycle?: Lifecycle;
}
