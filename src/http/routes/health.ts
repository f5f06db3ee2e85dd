import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps, Lifecycle } from '../app-env.js';

/** Liveness, and readiness: 503 while the model loads and once shutdown has begun. */
export function mountHealth(app: OpenAPIHono, deps: AppDeps, lifecycle?: Lifecycle): void {
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', (c) => {
    if (lifecycle?.draining) return c.json({ status: 'draining' }, 503);
    if (deps.stateReady && !deps.stateReady()) return c.json({ status: 'state_unavailable' }, 503);
    if (!deps.isReady()) {
      void deps.engine().catch(() => undefined);
      return c.json({ status: 'loading' }, 503);
    }
    return c.json({ status: 'ready', model: deps.modelInfo?.() ?? {} });
  });
}
