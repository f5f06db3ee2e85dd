import { randomUUID } from 'node:crypto';
import { statSync, type BigIntStats } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import {
  checkCondition,
  KeyedMutex,
  newEntry,
  parseStored,
  type ConfigListing,
  type ConfigStore,
  type PutResult,
  type StoredConfig,
  type WriteCondition,
} from '../../core/config/config-store.js';
import { ClozeError } from '../../core/errors.js';
import { LruCache } from '../../core/config/lru-cache.js';
import { clearStaleFiles, withFileLock } from './file-lock.js';
import type { PromptConfig } from '../../core/config/schema.js';
import { errorFields, log } from '../../core/log.js';

const isMissing = (err: unknown): boolean => (err as NodeJS.ErrnoException).code === 'ENOENT';
const versionOf = (s: BigIntStats): string => `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;

/** One parsed version of a stored file: its identity on disk (a write renames a new file over it) and what it parsed to. */
interface Parsed {
  version: string;
  result: StoredConfig | ClozeError;
}

/** Stored versions kept parsed (each holds its document, examples included). */
const PARSED_VERSIONS = 1_024;

/**
 * User configs as one JSON file each in a folder. Writes to one name run one at a time, in
 * this process (a mutex) and across processes sharing the folder (a lock file: cluster
 * workers, the CLI); reads go to the file every time, so every process sees a write at
 * once: a read stats the file and parses it only when its version (inode, size, mtime) is
 * new, so each stored version is read and validated once, not per request (the engine then
 * compiles the same object once). Each write goes to a uniquely named temporary file that is
 * fsynced, renamed over the old one, and the folder fsynced: a crash or a concurrent write
 * never leaves a half-written or mixed document. Reads validate the document: a corrupt or
 * outdated one is `config_invalid` for `get`, skipped (and reported) by `list`, deletable.
 */
export class FileConfigStore implements ConfigStore {
  private readonly writes = new KeyedMutex();
  private readonly parsed = new LruCache<string, Parsed>(PARSED_VERSIONS);
  /** Startup sweep: locks of dead writers and their temp files (see clearStaleFiles). */
  private readonly swept: Promise<void>;

  constructor(private readonly dir: string) {
    this.swept = clearStaleFiles(dir).then(
      (removed) => {
        if (removed.length > 0) log('warn', { msg: 'removed stale lock and temp files', removed });
      },
      (err: unknown) => log('error', { msg: 'stale file sweep failed', error: err instanceof Error ? err.message : String(err) }),
    );
  }

  async list(): Promise<ConfigListing> {
    await this.swept;
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (err) {
      if (isMissing(err)) return { configs: [], invalid: [] };
      throw err;
    }
    const listing: ConfigListing = { configs: [], invalid: [] };
    const entries = await Promise.all(
      names
        .filter((n) => n.endsWith('.json'))
        .map(async (file) => {
          const name = file.slice(0, -5);
          try {
            return { name, stored: await this.get(name) };
          } catch (err) {
            // one unreadable entry is reported, never fails the whole listing (file errors name
            // server paths: they go to the log)
            if (err instanceof ClozeError) return { name, problem: err.message };
            log('error', { msg: 'stored config unreadable', name, error: errorFields(err).error });
            return { name, problem: `stored config "${name}" cannot be read (the reason is in the server log)` };
          }
        }),
    );
    for (const e of entries) {
      if ('problem' in e) listing.invalid.push({ name: e.name, problem: e.problem! });
      else if (e.stored) listing.configs.push(e.stored);
    }
    return listing;
  }

  async get(name: string): Promise<StoredConfig | undefined> {
    const path = this.path(name);
    let hit = this.parsed.get(name);
    try {
      // a synchronous stat: a few µs on a local disk, where the promise version costs a thread-pool round trip per request
      if (hit?.version !== versionOf(statSync(path, { bigint: true }))) hit = undefined;
    } catch (err) {
      if (!isMissing(err)) throw err;
      this.parsed.delete(name);
      return undefined;
    }
    if (!hit) {
      // version and text from one open file: a write landing meanwhile is seen by the next read
      let file: FileHandle;
      try {
        file = await open(path, 'r');
      } catch (err) {
        if (isMissing(err)) return undefined;
        throw err;
      }
      let raw: string;
      let version: string;
      try {
        version = versionOf(await file.stat({ bigint: true }));
        raw = await file.readFile('utf8');
      } finally {
        await file.close();
      }
      let result: StoredConfig | ClozeError;
      try {
        result = parseStored(name, raw);
      } catch (err) {
        if (!(err instanceof ClozeError)) throw err;
        result = err;
      }
      hit = { version, result };
      this.parsed.set(name, hit);
    }
    if (hit.result instanceof ClozeError) throw hit.result;
    return hit.result;
  }

  put(name: string, config: PromptConfig, hash: string, condition?: WriteCondition): Promise<PutResult> {
    return this.locked(name, async () => {
      const current = await this.current(name);
      checkCondition(name, current, condition);
      const stored = newEntry(name, config, hash);
      await mkdir(this.dir, { recursive: true });
      const tmp = join(this.dir, `.${name}.${randomUUID()}.tmp`);
      try {
        const file = await open(tmp, 'wx');
        try {
          await file.writeFile(`${JSON.stringify(stored, null, 2)}\n`);
          await file.sync();
        } finally {
          await file.close();
        }
        await rename(tmp, this.path(name));
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
      await this.syncDir();
      return { stored, created: current === undefined };
    });
  }

  delete(name: string, condition?: WriteCondition): Promise<boolean> {
    return this.locked(name, async () => {
      const current = await this.current(name);
      checkCondition(name, current, condition);
      if (current === undefined) return false;
      await rm(this.path(name), { force: true });
      await this.syncDir();
      return true;
    });
  }

  private locked<T>(name: string, task: () => Promise<T>): Promise<T> {
    return this.writes.run(name, async () => {
      await this.swept;
      await mkdir(this.dir, { recursive: true });
      return withFileLock(join(this.dir, `.${name}.lock`), task);
    });
  }

  /** The stored entry, `invalid` for an unreadable document, or undefined. */
  private async current(name: string): Promise<StoredConfig | 'invalid' | undefined> {
    const raw = await this.read(name);
    if (raw === undefined) return undefined;
    try {
      return parseStored(name, raw);
    } catch {
      return 'invalid';
    }
  }

  private async read(name: string): Promise<string | undefined> {
    try {
      return await readFile(this.path(name), 'utf8');
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  private async syncDir(): Promise<void> {
    const dir = await open(this.dir, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  private path(name: string): string {
    return join(this.dir, `${name}.json`);
  }
}
