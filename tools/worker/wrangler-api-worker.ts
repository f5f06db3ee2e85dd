import { join } from 'node:path';
import { unstable_startWorker } from 'wrangler';
import type { BuiltWorker } from './miniflare-worker.js';
import { REPO_ROOT } from './stage-assets.js';
import { WRANGLER_ENV } from './wrangler-dev.js';

export interface ApiWorker {
  url: URL;
  dispose(): Promise<void>;
}

/**
 * Serves the deployment build with wrangler's own dev server (its programmatic API: the dev
 * proxy in front, wrangler.toml's bindings, local state in `persistTo`) but with the DevTools
 * inspector off (`dev.inspector: false`), which `wrangler dev` on the command line cannot do.
 * Each call starts a fresh Worker runtime (a cold isolate).
 */
export async function startApiWorker(built: BuiltWorker, persistTo: string): Promise<ApiWorker> {
  // wrangler runs in this process: keep it off the network like the CLI runs
  Object.assign(process.env, WRANGLER_ENV);
  const worker = await unstable_startWorker({
    config: join(REPO_ROOT, 'wrangler.toml'),
    entrypoint: join(built.build, 'worker.js'),
    build: { bundle: false },
    assets: built.assets,
    dev: { inspector: false, server: { hostname: '127.0.0.1', port: 0 }, persist: persistTo, watch: false, remote: false, logLevel: 'warn' },
  });
  await worker.ready;
  return { url: await worker.url, dispose: () => worker.dispose() };
}
