import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps } from '../app-env.js';

export function mountHealth(app: OpenAPIHono, deps: AppDeps): void {
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', (c) => {
    if (!deps.isReady()) {
      void deps.engine().catch(() => undefined);
      return c.json({ status: 'loading' }, 503);
    }
    return c.json({ status: 'ready', model: deps.modelInfo?.() ?? {} });
  });
}
