import { spawn, type ChildProcess } from 'node:child_process';
import { freePort, waitFor200 } from '../../tools/lib/loopback.js';
import { tempDir } from './app.js';
import { ensureBuilt } from './build.js';

export interface RunningServer {
  base: string;
  dataDir: string;
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code once the process ends. */
  exited: Promise<number | null>;
}

/**
 * The production server (`node dist/server.js`, built once per test run) as a child process on a
 * free loopback port, with `env` added; waits for /readyz unless told not to.
 * One server process unless `env` sets CLOZE_WORKERS (test/http/cluster.test.ts, shutdown.test.ts use 2).
 */
export async function startServer(env: Record<string, string> = {}, waitReady = true): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = await tempDir('cloze-srv-');
  const cwd = await ensureBuilt();
  const child = spawn(process.execPath, ['dist/server.js'], {
    cwd,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', CLOZE_DATA_DIR: dataDir, CLOZE_ACCESS_LOG: '0', CLOZE_WORKERS: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  if (waitReady) await waitFor200(`${base}/readyz`, 60_000);
  return { base, dataDir, child, output: () => out, exited };
}
