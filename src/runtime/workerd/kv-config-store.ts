import type { ConfigStore, StoredConfig } from '../../core/config/config-store.js';
import type { PromptConfig } from '../../core/config/schema.js';
import type { KvNamespaceLike } from './bindings.js';

const PREFIX = 'config:';

interface Cached<T> {
  value: T;
  expires: number;
}

export interface KvConfigStoreOptions {
  /** How long this isolate reuses what it read from KV (default 30 s). */
  ttlMs?: number;
  now?: () => number;
}

/**
 * User configs in Workers KV, one key per config (`config:<name>`), behind an in-isolate
 * cache with a short TTL: a hot config costs no KV read per request. Writes go through to KV
 * and update the cache at once, so this isolate reads its own writes; other isolates and
 * locations see them within the TTL plus KV's own propagation delay (up to ~60 s).
 */
export class KvConfigStore implements ConfigStore {
  private readonly entries = new Map<string, Cached<StoredConfig | undefined>>();
  private listing: Cached<StoredConfig[]> | undefined;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(private readonly kv: KvNamespaceLike, o: KvConfigStoreOptions = {}) {
    this.ttlMs = o.ttlMs ?? 30_000;
    this.now = o.now ?? Date.now;
  }

  async get(name: string): Promise<StoredConfig | undefined> {
    const hit = this.entries.get(name);
    if (hit && hit.expires > this.now()) return hit.value;
    const raw = await this.kv.get(PREFIX + name, 'text');
    const value = raw === null ? undefined : (JSON.parse(raw) as StoredConfig);
    this.remember(name, value);
    return value;
  }

  async list(): Promise<StoredConfig[]> {
    if (this.listing && this.listing.expires > this.now()) return this.listing.value;
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.kv.list({ prefix: PREFIX, ...(cursor ? { cursor } : {}) });
      names.push(...page.keys.map((k) => k.name.slice(PREFIX.length)));
      cursor = page.list_complete ? undefined : page.cursor;
    } while (cursor);
    const items = (await Promise.all(names.map((n) => this.get(n)))).filter((c): c is StoredConfig => c !== undefined);
    this.listing = { value: items, expires: this.now() + this.ttlMs };
    return items;
  }

  async put(name: string, config: PromptConfig, hash: string): Promise<StoredConfig> {
    const entry: StoredConfig = { name, config, hash, preset: false, updated_at: new Date().toISOString() };
    await this.kv.put(PREFIX + name, JSON.stringify(entry));
    this.remember(name, entry);
    this.listing = undefined;
    return entry;
  }

  async delete(name: string): Promise<boolean> {
    const existed = (await this.get(name)) !== undefined;
    await this.kv.delete(PREFIX + name);
    this.remember(name, undefined);
    this.listing = undefined;
    return existed;
  }

  private remember(name: string, value: StoredConfig | undefined): void {
    this.entries.set(name, { value, expires: this.now() + this.ttlMs });
    if (this.entries.size > 1024) this.entries.delete(this.entries.keys().next().value!);
  }
}
