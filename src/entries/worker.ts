import type { ExecutionContext } from 'hono';
import type { WorkerEnv } from '../runtime/workerd/bindings.js';
import { drainUnreadBody } from '../runtime/workerd/drain-body.js';
import { workerApp } from '../runtime/workerd/worker-app.js';

/** The Durable Object class wrangler.toml binds as STATE (config writes, delivery-id claims). */
export { ClozeState } from '../runtime/workerd/state-object.js';

/** wrangler's `main`: the same Hono app as Node, on workerd with onnxruntime-web (WASM). */
export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    const response = await workerApp(env).fetch(request, env, ctx);
    await drainUnreadBody(request);
    return response;
  },
};
