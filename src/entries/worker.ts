import type { ExecutionContext } from 'hono';
import type { WorkerEnv } from '../runtime/workerd/bindings.js';
import { workerApp } from '../runtime/workerd/worker-app.js';

/** wrangler's `main`: the same Hono app as Node, on workerd with onnxruntime-web (WASM). */
export default {
  fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Response | Promise<Response> {
    return workerApp(env).fetch(request, env, ctx);
  },
};
