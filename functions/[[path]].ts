import { handle } from 'hono/cloudflare-pages';
import type { WorkerEnv } from '../src/runtime/workerd/bindings.js';
import { workerApp } from '../src/runtime/workerd/worker-app.js';

/** Cloudflare Pages Functions: every path goes to the same app as the Worker. */
export const onRequest: ReturnType<typeof handle> = (context) => handle(workerApp(context.env as WorkerEnv))(context);
