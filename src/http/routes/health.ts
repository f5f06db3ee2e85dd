import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps, Lifecycle } from '../app-env.js';
import { executionCtxOf } from '../execution-ctx.js';

/** Liveness, and readiness: 503 while the model loads and once shutdown has begun. */
export function mountHealth(app: OpenAPIHono, deps: AppDeps, lifecycle?: Lifecycle): void {
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', (c) => {
    if (lifecycle?.draining) return c.json({ status: 'draining' }, 503);
    if (deps.stateReady && !deps.stateReady()) return c.json({ status: 'state_unavailable' }, 503);
    if (!deps.isReady()) {
      // Start the load. On Workers the request's context must outlive the answer, or the load's
      // asset reads are cancelled with it and every later request waits on a load that never ends.
      const load = deps.engine().catch(() => undefined);
      executionCtxOf(c)?.waitUntil(load);
      return c.json({ status: 'loading' }, 503);
    }
    return c.json({ status: 'ready', model: deps.modelInfo?.() ?? {} });
  });
}
