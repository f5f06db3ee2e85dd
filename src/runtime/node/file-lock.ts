import { open, rm, stat } from 'node:fs/promises';
import { ClozeError } from '../../core/errors.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface FileLockOptions {
  /** Give up (503 overloaded) after waiting this long. Default 10 s. */
  timeoutMs?: number;
  /** A lock file older than this is left over from a crashed writer and is taken over. Default 30 s. */
  staleMs?: number;
}

/**
 * Runs `task` while holding `lockPath` (created exclusively, removed after): a mutex between
 * processes sharing a folder — the server's cluster workers and the CLI writing the same
 * config store. Waits with short sleeps; a stale lock from a crashed process is removed.
 */
export async function withFileLock<T>(lockPath: string, task: () => Promise<T>, o: FileLockOptions = {}): Promise<T> {
  const giveUpAt = Date.now() + (o.timeoutMs ?? 10_000);
  const staleMs = o.staleMs ?? 30_000;
  for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
    try {
      await (await open(lockPath, 'wx')).close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const age = await stat(lockPath).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (age > staleMs) {
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
