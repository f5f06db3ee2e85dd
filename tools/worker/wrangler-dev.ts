import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from '../lib/loopback.js';
import { procStats, type ProcStat } from '../lib/proc-stats.js';
import { DEFAULT_ASSETS_MODEL_DIR, REPO_ROOT, stageDocsScript, stageModelAssets, stageNamedModels } from './stage-assets.js';

/**
 * Keeps wrangler/miniflare off the network: no metrics, no request.cf download, and no banner
 * (printing it makes wrangler ask the npm registry for a newer version).
 */
export const WRANGLER_ENV = { WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_HIDE_BANNER: 'true' } as const;
const WRANGLER_BIN = join(REPO_ROOT, 'node_modules/wrangler/bin/wrangler.js');

export interface WorkerServer {
  url: string;
  /** wrangler's process group (wrangler, its node child and workerd). */
  pid: number;
  /** Everything wrangler and the Worker printed so far. */
  log(): string;
  /**
   * Pid of the workerd process running the Worker (Linux /proc), if found. wrangler dev runs
   * two: a proxy in front and the Worker's runtime, the one with an inspector address.
   */
  workerdPid(): Promise<number | undefined>;
  /**
   * CPU time (user + system, ms) each process of the session has used so far: wrangler's
   * Node processes, the dev proxy's workerd and the Worker's workerd.
   */
  processCpu(): Promise<ProcessCpu[]>;
  stop(): Promise<void>;
}

export interface ProcessCpu {
  pid: number;
  role: 'wrangler (node)' | 'dev proxy (workerd)' | 'Worker (workerd)' | 'other';
  cpuMs: number;
}

/** Runs a wrangler command; its debug log goes to `logDir`. */
function run(args: string[], cwd: string, logDir: string): Promise<void> {
  return new Promise((ok, fail) => {
    const env = { ...process.env, ...WRANGLER_ENV, WRANGLER_LOG_PATH: logDir };
    const p = spawn(process.execPath, [WRANGLER_BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', fail);
    p.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`wrangler ${args[0]} exited ${code}:\n${out.slice(-4000)}`))));
  });
}

/** Pids whose process group is `pgid` and whose command is `comm`, ascending. */
async function groupMembers(pgid: number, comm: string): Promise<number[]> {
  return (await procStats()).filter((p) => p.pgrp === pgid && p.comm === comm).map((p) => p.pid);
}

async function roleOf(p: ProcStat): Promise<ProcessCpu['role']> {
  if (p.comm === 'node') return 'wrangler (node)';
  if (p.comm !== 'workerd') return 'other';
  return (await hasInspector(p.pid)) ? 'Worker (workerd)' : 'dev proxy (workerd)';
}

const hasInspector = async (pid: number): Promise<boolean> => (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).includes('--inspector-addr');

async function waitReady(url: string, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited ${child.exitCode}:\n${log().slice(-4000)}`);
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev did not answer /healthz within ${timeoutMs} ms:\n${log().slice(-4000)}`);
}

/** wrangler.toml without its `[[durable_objects.bindings]]` and `[[migrations]]` tables. */
export function withoutDurableObjects(toml: string): string {
  let skipping = false;
  return toml
    .split('\n')
    .filter((line) => {
      if (line.startsWith('[')) skipping = /^\[\[(durable_objects\.bindings|migrations)\]\]/.test(line);
      return !skipping;
    })
    .join('\n');
}

export interface StartOptions {
  /** `worker` (default): the module Worker; `pages`: Pages Functions (functions/) via `wrangler pages dev`. */
  mode?: 'worker' | 'pages';
  /** Worker mode: serve with wrangler.toml minus its `[[kv_namespaces]]` (no CONFIGS binding). */
  withoutKv?: boolean;
  /** Worker mode: TOML appended to wrangler.toml, e.g. a `[[ratelimits]]` binding. */
  extraToml?: string;
  /** Extra `wrangler dev` arguments, e.g. `['--var', 'KEY:VALUE']`. */
  args?: string[];
  readyTimeoutMs?: number;
  /** Worker mode: a CLOZE_MODELS_DIR whose model folders are staged as the named models (`models/<name>/`). */
  modelsDir?: string;
}

/**
 * Builds the Worker as `npm run build:worker` does into `<tmp>/build` (`wrangler deploy
 * --dry-run`), with the model staged as static assets in `<tmp>/assets`.
 */
export async function buildWorker(tmp: string, modelsDir?: string): Promise<{ build: string; assets: string }> {
  const assets = join(tmp, 'assets');
  await stageModelAssets(undefined, join(assets, 'model'));
  await stageDocsScript(assets);
  if (modelsDir) await stageNamedModels(modelsDir, join(assets, 'models'));
  await run(['deploy', '--dry-run', '--outdir', join(tmp, 'build'), '--assets', assets], REPO_ROOT, join(tmp, 'logs'));
  return { build: join(tmp, 'build'), assets };
}

/**
 * Worker mode builds the Worker as `npm run build:worker` does (model staged as static
 * assets, `wrangler deploy --dry-run`), then serves that build with `wrangler dev --no-bundle`;
 * serving the built bundle (not the sources) means edits to src/ cause no reloads mid-test.
 * Pages mode serves functions/ with `wrangler pages dev` and dist/worker-assets. Either
 * listens on 127.0.0.1 and a free port, with KV state in a fresh temporary folder.
 */
export async function startWorker(o: StartOptions = {}): Promise<WorkerServer> {
  const tmp = await mkdtemp(join(tmpdir(), 'cloze-worker-'));
  const port = await freePort();
  const common = ['--ip', '127.0.0.1', '--port', String(port), '--persist-to', join(tmp, 'state'), '--show-interactive-dev-session=false'];
  let args: string[];
  let cwd = REPO_ROOT;
  if (o.mode === 'pages') {
    // wrangler pages dev serves the [assets] directory of wrangler.toml (it also takes [vars]
    // from there), so Pages mode uses the shared staging folder; staging is idempotent.
    await stageModelAssets();
    await stageDocsScript(dirname(DEFAULT_ASSETS_MODEL_DIR));
    // It reads ./wrangler.toml and ./functions: run it beside a copy without the Durable Object
    // (Pages cannot host one, and its local dev names itself after the Worker that does).
    cwd = join(tmp, 'pages');
    await mkdir(cwd);
    const toml = withoutDurableObjects(await readFile(join(REPO_ROOT, 'wrangler.toml'), 'utf8'));
    await writeFile(
      join(cwd, 'wrangler.toml'),
      toml.replace(/^(main|directory) = "([^"]+)"/gm, (_, k: string, v: string) => `${k} = "${join(REPO_ROOT, v)}"`),
    );
    await mkdir(join(cwd, 'functions'));
    await writeFile(join(cwd, 'functions', '[[path]].ts'), `export { onRequest } from ${JSON.stringify(join(REPO_ROOT, 'functions', '[[path]].ts'))};\n`);
    args = ['pages', 'dev', dirname(DEFAULT_ASSETS_MODEL_DIR), '--kv', 'CONFIGS', ...common];
  } else {
    const { build, assets } = await buildWorker(tmp, o.modelsDir);
    let config = join(REPO_ROOT, 'wrangler.toml');
    if (o.withoutKv || o.extraToml) {
      const toml = await readFile(config, 'utf8');
      config = join(tmp, 'wrangler.toml'); // main and assets are given on the command line
      await writeFile(config, `${o.withoutKv ? toml.replace(/^\[\[kv_namespaces\]\][^[]*/m, '') : toml}\n${o.extraToml ?? ''}\n`);
    }
    args = ['dev', join(build, 'worker.js'), '--config', config, '--no-bundle', '--assets', assets, ...common];
  }
  args.push(...(o.args ?? []));
  // A registry of its own: wrangler dev reloads the Worker whenever another local dev session
  // registers or leaves the shared one, failing in-flight POSTs with 503 "restarted".
  // Its debug log (every inspector event the dev proxy relays) goes to the session's folder,
  // not to ~/.config/.wrangler/logs.
  const env = { ...process.env, ...WRANGLER_ENV, WRANGLER_REGISTRY_PATH: join(tmp, 'registry'), WRANGLER_LOG_PATH: join(tmp, 'logs') };
  const child = spawn(process.execPath, [WRANGLER_BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const pid = child.pid!;
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      for (const p of await groupMembers(pid, 'workerd')) process.kill(p, 'SIGKILL');
    }
    await rm(tmp, { recursive: true, force: true });
  };
  try {
    await waitReady(url, child, () => out, o.readyTimeoutMs ?? 120_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    pid,
    log: () => out,
    workerdPid: async () => {
      const pids = await groupMembers(pid, 'workerd');
      for (const p of pids) if (await hasInspector(p)) return p;
      return pids[0];
    },
    processCpu: async () =>
      Promise.all((await procStats()).filter((p) => p.pgrp === pid).map(async (p) => ({ pid: p.pid, cpuMs: p.cpuMs, role: await roleOf(p) }))),
    stop,
  };
}
