import { handle } from 'hono/cloudflare-pages';
import type { WorkerEnv } from '../src/runtime/workerd/bindings.js';
import { drainUnreadBody } from '../src/runtime/workerd/drain-body.js';
import { workerApp } from '../src/runtime/workerd/worker-app.js';

/** Cloudflare Pages Functions: every path goes to the same app as the Worker. */
export const onRequest: ReturnType<typeof handle> = async (context) => {
  const response = await handle(workerApp(context.env as WorkerEnv))(context);
  await drainUnreadBody(context.request);
  return response;
};
