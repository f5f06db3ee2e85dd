import {
  checkCondition,
  newEntry,
  parseStored,
  type ConfigListing,
  type ConfigStore,
  type PutResult,
  type StoredConfig,
  type WriteCondition,
} from '../../../core/config/config-store.js';
import { ClozeError } from '../../../core/errors.js';
import type { PromptConfig } from '../../../core/config/schema.js';
import type { RedisCommands } from './redis-connection.js';

/**
 * Compare-and-set on the entry's ETag: writes (or deletes, without ARGV[3]) only when the
 * stored ETag is still the one the caller read ('' = no entry). One script runs at a time
 * on the server, so the check and the write are one step for every instance.
 * KEYS: entry hash, name index; ARGV: expected etag, name, doc?, new etag?
 */
const CAS = `
local cur = redis.call('HGET', KEYS[1], 'etag') or ''
if cur ~= ARGV[1] then return 0 end
if ARGV[3] then
  redis.call('HSET', KEYS[1], 'doc', ARGV[3], 'etag', ARGV[4])
  redis.call('SADD', KEYS[2], ARGV[2])
else
  redis.call('DEL', KEYS[1])
  redis.call('SREM', KEYS[2], ARGV[2])
end
return 1`;

/** Rounds of read, check, compare-and-set before a write under constant contention gives up (503). */
const MAX_ROUNDS = 32;

/**
 * User configs in Redis, shared by every instance: one hash per config (`cloze:config:<name>`:
 * the same JSON document the file store writes, and its ETag) plus a set of the names. Every
 * read goes to Redis, so a write on one instance is served by all of them at once. A write
 * reads the current entry, checks `If-Match` against it, and commits with a compare-and-set
 * on that entry's ETag (a Lua script); if another instance wrote in between, it reads again,
 * so `If-Match` is decided against the latest version, linearizably.
 */
export class RedisConfigStore implements ConfigStore {
  constructor(
    private readonly redis: RedisCommands,
    private readonly prefix = 'cloze:',
  ) {}

  async list(): Promise<ConfigListing> {
    const names = ((await this.redis.command(['SMEMBERS', this.index])) as string[]).sort();
    const listing: ConfigListing = { configs: [], invalid: [] };
    const read = await Promise.all(names.map(async (name) => ({ name, raw: (await this.redis.command(['HGET', this.key(name), 'doc'])) as string | null })));
    for (const { name, raw } of read) {
      if (raw === null) continue; // deleted since the names were read
      try {
        listing.configs.push(parseStored(name, raw));
      } catch (err) {
        if (!(err instanceof ClozeError)) throw err;
        listing.invalid.push({ name, problem: err.message });
      }
    }
    return listing;
  }

  async get(name: string): Promise<StoredConfig | undefined> {
    const raw = (await this.redis.command(['HGET', this.key(name), 'doc'])) as string | null;
    return raw === null ? undefined : parseStored(name, raw);
  }

  async put(name: string, config: PromptConfig, hash: string, condition?: WriteCondition): Promise<PutResult> {
    return this.cas(name, condition, async (current, etag) => {
      const stored = newEntry(name, config, hash);
      const done = await this.redis.script(CAS, [this.key(name), this.index], [etag, name, JSON.stringify(stored), stored.etag!]);
      return done === 1 ? { stored, created: current === undefined } : undefined;
    });
  }

  async delete(name: string, condition?: WriteCondition): Promise<boolean> {
    return this.cas(name, condition, async (current, etag) => {
      if (current === undefined) return false;
      const done = await this.redis.script(CAS, [this.key(name), this.index], [etag, name]);
      return done === 1 ? true : undefined;
    });
  }

  /** Read, check the condition, try to commit; again while another writer got there first. */
  private async cas<T>(
    name: string,
    condition: WriteCondition | undefined,
    commit: (current: StoredConfig | 'invalid' | undefined, etag: string) => Promise<T | undefined>,
  ): Promise<T> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const [raw, etag] = (await this.redis.command(['HMGET', this.key(name), 'doc', 'etag'])) as [string | null, string | null];
      const current = raw === null ? undefined : parseOrInvalid(name, raw);
      checkCondition(name, current, condition);
      const result = await commit(current, etag ?? '');
      if (result !== undefined) return result;
    }
    throw new ClozeError('overloaded', `config "${name}" is being written by many callers at once; retry`, { retryAfterS: 1, field: 'name' });
  }

  private get index(): string {
    return `${this.prefix}configs`;
  }

  private key(name: string): string {
    return `${this.prefix}config:${name}`;
  }
}

function parseOrInvalid(name: string, raw: string): StoredConfig | 'invalid' {
  try {
    return parseStored(name, raw);
  } catch {
    return 'invalid';
  }
}
