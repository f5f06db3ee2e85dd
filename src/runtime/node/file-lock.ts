import { hostname } from 'node:os';
import { open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ClozeError } from '../../core/errors.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface FileLockOptions {
  /** Give up (503 overloaded) after waiting this long. Default 10 s. */
  timeoutMs?: number;
  /** A lock file older than this is left over from a crashed writer and is taken over. Default 30 s. */
  staleMs?: number;
}

/** Who holds a lock: written into the lock file, so a lock left by a dead process can be told apart. */
interface Holder {
  pid: number;
  host: string;
}

const HOST = hostname();

/**
 * Whether the process named in a lock file is alive: false only when it ran on this host and is
 * gone (a killed writer); undefined when unknown (empty file, another host sharing the folder).
 */
async function holderAlive(lockPath: string): Promise<boolean | undefined> {
  let holder: Partial<Holder>;
  try {
    holder = JSON.parse(await readFile(lockPath, 'utf8')) as Partial<Holder>;
  } catch {
    return undefined;
  }
  if (holder.host !== HOST || typeof holder.pid !== 'number' || !Number.isInteger(holder.pid) || holder.pid <= 0) return undefined;
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Runs `task` while holding `lockPath` (created exclusively, removed after): a mutex between
 * processes sharing a folder — the server's cluster workers and the CLI writing the same
 * config store. Waits with short sleeps. The lock file names its holder (pid and host): a lock
 * left by a process that died is taken over at once, any other after `staleMs`.
 */
export async function withFileLock<T>(lockPath: string, task: () => Promise<T>, o: FileLockOptions = {}): Promise<T> {
  const giveUpAt = Date.now() + (o.timeoutMs ?? 10_000);
  const staleMs = o.staleMs ?? 30_000;
  for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
    try {
      const file = await open(lockPath, 'wx');
      try {
        await file.writeFile(JSON.stringify({ pid: process.pid, host: HOST } satisfies Holder));
      } finally {
        await file.close();
      }
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const age = await stat(lockPath).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (age > staleMs || (await holderAlive(lockPath)) === false) {
      await rm(lockPath, { force: true });
      continue;
    }
    if (Date.now() > giveUpAt) throw new ClozeError('overloaded', 'another writer holds this config; retry shortly', { retryAfterS: 1 });
    await sleep(wait);
  }
  try {
    return await task();
  } finally {
    await rm(lockPath, { force: true });
  }
}

const TMP = /^\.(.+)\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.tmp$/;

/**
 * Startup sweep of a folder written under `.NAME.lock` locks: removes locks whose holder died
 * and `.NAME.<uuid>.tmp` files no live writer holds (a write keeps NAME's lock while its temp
 * file exists, so a temp file without a live lock is left over from a crash). Returns the
 * names removed.
 */
export async function clearStaleFiles(dir: string): Promise<string[]> {
  let files: string[];
  try {
    files = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const removed: string[] = [];
  for (const f of files.filter((n) => n.startsWith('.') && n.endsWith('.lock'))) {
    if ((await holderAlive(join(dir, f))) === false) {
      await rm(join(dir, f), { force: true });
      removed.push(f);
    }
  }
  for (const f of files) {
    const name = TMP.exec(f)?.[1];
    if (name === undefined) continue;
    const lock = join(dir, `.${name}.lock`);
    const held = await stat(lock).then(
      () => holderAlive(lock),
      () => false,
    );
    if (held === false) {
      await rm(join(dir, f), { force: true });
      removed.push(f);
    }
  }
  return removed;
}
