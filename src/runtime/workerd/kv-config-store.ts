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
import type { PromptConfig } from '../../core/config/schema.js';
import type { KvNamespaceLike } from './bindings.js';
import type { ConfigWriter } from './state-client.js';

const PREFIX = 'config:';

interface Cached<T> {
  value: T;
  expires: number;
}

export interface KvConfigStoreOptions {
  /** How long this isolate reuses what it read from KV (default 30 s). */
  ttlMs?: number;
  now?: () => number;
  /** Where writes are decided (the ClozeState Durable Object); unset: this isolate checks and writes KV itself. */
  writer?: ConfigWriter;
}

/**
 * User configs in Workers KV, one key per config (`config:<name>`), behind an in-isolate
 * cache with a short TTL: a hot config costs no KV read per request. Writes go through to KV
 * and update the cache at once, so this isolate reads its own writes; other isolates and
 * locations see them within the TTL plus KV's own propagation delay (up to ~60 s).
 *
 * Documents are validated on read like the file store's (corrupt ones are `config_invalid`,
 * skipped in listings, deletable). With a `writer` (the ClozeState Durable Object, see
 * state-object.ts) every write is decided by one object per name, which checks `If-Match`
 * linearizably and writes KV through: KV is then only the read cache. Without one, writes to
 * one name run one at a time in this isolate and check `If-Match` against KV's current
 * value; KV has no compare-and-swap, so across isolates the last write wins (never a mixed
 * document).
 */
export class KvConfigStore implements ConfigStore {
  private readonly entries = new Map<string, Cached<StoredConfig | undefined>>();
  private listing: Cached<ConfigListing> | undefined;
  private readonly writes = new KeyedMutex();
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly writer: ConfigWriter | undefined;

  constructor(
    private readonly kv: KvNamespaceLike,
    o: KvConfigStoreOptions = {},
  ) {
    this.ttlMs = o.ttlMs ?? 30_000;
    this.now = o.now ?? Date.now;
    this.writer = o.writer;
  }

  async get(name: string): Promise<StoredConfig | undefined> {
    const hit = this.entries.get(name);
    if (hit && hit.expires > this.now()) return hit.value;
    const raw = await this.kv.get(PREFIX + name, 'text');
    const value = raw === null ? undefined : parseStored(name, raw);
    this.remember(name, value);
    return value;
  }

  async list(): Promise<ConfigListing> {
    if (this.listing && this.listing.expires > this.now()) return this.listing.value;
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.kv.list({ prefix: PREFIX, ...(cursor ? { cursor } : {}) });
      names.push(...page.keys.map((k) => k.name.slice(PREFIX.length)));
      cursor = page.list_complete ? undefined : page.cursor;
    } while (cursor);
    const listing: ConfigListing = { configs: [], invalid: [] };
    const read = await Promise.all(
      names.map(async (name) => {
        try {
          return { name, stored: await this.get(name) };
        } catch (err) {
          if (!(err instanceof ClozeError) || err.code !== 'config_invalid') throw err;
          return { name, problem: err.message };
        }
      }),
    );
    for (const r of read) {
      if ('problem' in r) listing.invalid.push({ name: r.name, problem: r.problem! });
      else if (r.stored) listing.configs.push(r.stored);
    }
    this.listing = { value: listing, expires: this.now() + this.ttlMs };
    return listing;
  }

  put(name: string, config: PromptConfig, hash: string, condition?: WriteCondition): Promise<PutResult> {
    return this.writes.run(name, async () => {
      if (this.writer) return this.written(name, await this.writer.put(name, config, hash, condition));
      const current = await this.current(name);
      checkCondition(name, current, condition);
      const stored = newEntry(name, config, hash);
      await this.kv.put(PREFIX + name, JSON.stringify(stored));
      this.remember(name, stored);
      this.listing = undefined;
      return { stored, created: current === undefined };
    });
  }

  delete(name: string, condition?: WriteCondition): Promise<boolean> {
    return this.writes.run(name, async () => {
      if (this.writer) {
        const deleted = await this.writer.delete(name, condition);
        this.remember(name, undefined);
        this.listing = undefined;
        return deleted;
      }
      const current = await this.current(name);
      checkCondition(name, current, condition);
      await this.kv.delete(PREFIX + name);
      this.remember(name, undefined);
      this.listing = undefined;
      return current !== undefined;
    });
  }

  /** The writer decided and wrote KV: this isolate reads its own write at once. */
  private written(name: string, result: PutResult): PutResult {
    this.remember(name, result.stored);
    this.listing = undefined;
    return result;
  }

  /** KV's current value (no cache: conditions are checked against the latest write). */
  private async current(name: string): Promise<StoredConfig | 'invalid' | undefined> {
    const raw = await this.kv.get(PREFIX + name, 'text');
    if (raw === null) return undefined;
    try {
      return parseStored(name, raw);
    } catch {
      return 'invalid';
    }
  }

  private remember(name: string, value: StoredConfig | undefined): void {
    this.entries.set(name, { value, expires: this.now() + this.ttlMs });
    if (this.entries.size > 1024) this.entries.delete(this.entries.keys().next().value!);
  }
}
