import { Miniflare } from 'miniflare';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { REPO_ROOT } from './stage-assets.js';
import { buildWorker, WRANGLER_ENV } from './wrangler-dev.js';

export interface BuiltWorker {
  /** Folder of the deployment build (worker.js and the runtime's .wasm) and of its static assets. */
  build: string;
  assets: string;
  dispose(): Promise<void>;
}

/** Builds the Worker once (as `npm run build:worker` does) for any number of runtimes below. */
export async function buildOnce(): Promise<BuiltWorker> {
  const tmp = await mkdtemp(join(tmpdir(), 'cloze-mf-'));
  const { build, assets } = await buildWorker(tmp);
  return { build, assets, dispose: () => rm(tmp, { recursive: true, force: true }) };
}

/** The build's worker.js and its precompiled .wasm modules, as Miniflare takes them. */
async function buildModules(built: BuiltWorker) {
  const wasm = (await readdir(built.build)).filter((f) => f.endsWith('.wasm'));
  return {
    modulesRoot: built.build,
    modules: [
      { type: 'ESModule' as const, path: join(built.build, 'worker.js') },
      ...wasm.map((f) => ({ type: 'CompiledWasm' as const, path: join(built.build, f) })),
    ],
    modulesRules: undefined,
  };
}

/**
 * Runs the deployment build in workerd through Miniflare's API: the runtime `wrangler dev`
 * uses, with the bindings of wrangler.toml, but without wrangler's dev proxy in front and
 * without the DevTools inspector and debug port it opens on the Worker's runtime. Each call
 * starts a fresh workerd (a cold isolate); requests go through `dispatchFetch`.
 */
export async function startMiniflareWorker(built: BuiltWorker): Promise<Miniflare> {
  // wrangler's config reader runs in this process: keep it off the network like the CLI runs
  Object.assign(process.env, WRANGLER_ENV);
  const { workerOptions } = unstable_getMiniflareWorkerOptions(join(REPO_ROOT, 'wrangler.toml'), undefined, {
    overrides: { assets: { directory: built.assets } },
  });
  const mf = new Miniflare({ ...workerOptions, ...(await buildModules(built)) });
  await mf.ready;
  return mf;
}

/**
 * The deployment build as several Workers in one workerd (`names`, one isolate each, as
 * requests landing on different isolates or locations would see): they share the KV
 * namespaces of wrangler.toml, and every one's STATE binding reaches the ClozeState Durable
 * Object class of the first. `vars` are added to each (e.g. secrets). Requests go through
 * `mf.getWorker(name)`.
 */
export async function startMiniflareIsolates(built: BuiltWorker, names: readonly string[], vars: Record<string, string> = {}): Promise<Miniflare> {
  Object.assign(process.env, WRANGLER_ENV);
  const { workerOptions } = unstable_getMiniflareWorkerOptions(join(REPO_ROOT, 'wrangler.toml'), undefined, {
    overrides: { assets: { directory: built.assets } },
  });
  const modules = await buildModules(built);
  const host = names[0]!;
  const mf = new Miniflare({
    workers: names.map((name) => ({
      ...workerOptions,
      name,
      bindings: { ...workerOptions.bindings, ...vars },
      durableObjects: { STATE: { className: 'ClozeState', ...(name === host ? {} : { scriptName: host }) } },
      ...modules,
    })),
  });
  await mf.ready;
  return mf;
}
