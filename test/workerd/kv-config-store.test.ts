import { describe, expect, it } from 'vitest';
import type { PromptConfig } from '../../src/core/config/schema.js';
import type { KvListResult, KvNamespaceLike } from '../../src/runtime/workerd/bindings.js';
import { configStoreFor, MEMORY_STORE_KIND } from '../../src/runtime/workerd/env-config-store.js';
import { KvConfigStore } from '../../src/runtime/workerd/kv-config-store.js';

/**
 * The KV store's cache rules, in Node over a Map with KV's interface (the KV round trip in
 * workerd is covered by worker-api.test.ts). Counts reads to show what the cache saves.
 */
class MapKv implements KvNamespaceLike {
  readonly data = new Map<string, string>();
  reads = 0;
  async get(key: string): Promise<string | null> {
    this.reads++;
    return this.data.get(key) ?? null;
  }
  async put(key: string, value: string): Promise<void> {
    this.data.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.data.delete(key);
  }
  async list(o: { prefix?: string; cursor?: string; limit?: number }): Promise<KvListResult> {
    const names = [...this.data.keys()].filter((k) => k.startsWith(o.prefix ?? '')).sort();
    const from = Number(o.cursor ?? 0);
    const page = names.slice(from, from + 2); // tiny pages: exercises the cursor loop
    const done = from + 2 >= names.length;
    return { keys: page.map((name) => ({ name })), list_complete: done, ...(done ? {} : { cursor: String(from + 2) }) };
  }
}

const config = { task: 'classify', template: '{text} It was [MASK].', verbalizer: { a: ['good'], b: ['bad'] } } as unknown as PromptConfig;

describe('KvConfigStore', () => {
  it('serves repeated reads from the isolate cache until the TTL passes', async () => {
    let now = 0;
    const kv = new MapKv();
    const store = new KvConfigStore(kv, { ttlMs: 30_000, now: () => now });
    kv.data.set('config:x', JSON.stringify({ name: 'x', config, hash: 'h1', preset: false }));
    expect((await store.get('x'))?.hash).toBe('h1');
    expect((await store.get('x'))?.hash).toBe('h1');
    expect(kv.reads).toBe(1);
    kv.data.set('config:x', JSON.stringify({ name: 'x', config, hash: 'h2', preset: false })); // another isolate wrote
    now = 29_999;
    expect((await store.get('x'))?.hash).toBe('h1');
    now = 30_000;
    expect((await store.get('x'))?.hash).toBe('h2');
    expect(kv.reads).toBe(2);
  });

  it('caches misses too, and reads its own writes and deletes at once', async () => {
    const kv = new MapKv();
    const store = new KvConfigStore(kv, { ttlMs: 60_000, now: () => 0 });
    expect(await store.get('y')).toBeUndefined();
    const { stored: put, created } = await store.put('y', config, 'h');
    expect(created).toBe(true);
    expect(await store.get('y')).toEqual(put);
    expect(JSON.parse(kv.data.get('config:y')!)).toEqual(put);
    expect(await store.delete('y')).toBe(true);
    expect(await store.get('y')).toBeUndefined();
    expect(await store.delete('y')).toBe(false);
    expect(kv.data.has('config:y')).toBe(false);
  });

  it('lists every page of keys under its prefix and drops the cached list on writes', async () => {
    const kv = new MapKv();
    kv.data.set('other', 'not a config');
    const store = new KvConfigStore(kv, { now: () => 0 });
    for (const n of ['a', 'b', 'c', 'd', 'e']) await store.put(n, config, n);
    expect((await store.list()).configs.map((c) => c.name).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    await store.delete('c');
    expect((await store.list()).configs.map((c) => c.name).sort()).toEqual(['a', 'b', 'd', 'e']);
  });
});

describe('KvConfigStore under concurrent writes', () => {
  it('serializes writes to one name: the final value is one of the writes, created is reported once', async () => {
    const kv = new MapKv();
    const store = new KvConfigStore(kv, { now: () => 0 });
    const ops = Array.from({ length: 40 }, (_, i) => (i % 5 === 4 ? store.delete('r').then(() => undefined) : store.put('r', config, `h${i}`).then((r) => r)));
    const results = await Promise.all(ops);
    const puts = results.filter((r) => r !== undefined);
    const final = kv.data.get('config:r');
    if (final !== undefined) expect(puts.map((p) => p!.stored.hash)).toContain((JSON.parse(final) as { hash: string }).hash);
    // a fresh store (another isolate) reads back a valid document
    const fresh = new KvConfigStore(kv, { now: () => 0 });
    expect((await fresh.list()).invalid).toEqual([]);
  });

  it('checks If-Match against the current version: 412 on a stale etag, * needs an existing config', async () => {
    const store = new KvConfigStore(new MapKv(), { now: () => 0 });
    await expect(store.put('m', config, 'h0', { ifMatch: '*' })).rejects.toMatchObject({ code: 'precondition_failed' });
    const first = (await store.put('m', config, 'h1')).stored;
    const second = (await store.put('m', config, 'h2', { ifMatch: first.etag })).stored;
    expect(second.etag).not.toBe(first.etag);
    await expect(store.put('m', config, 'h3', { ifMatch: first.etag })).rejects.toMatchObject({ code: 'precondition_failed' });
    await expect(store.delete('m', { ifMatch: first.etag })).rejects.toMatchObject({ code: 'precondition_failed' });
    expect(await store.delete('m', { ifMatch: second.etag })).toBe(true);
  });

  it('skips and reports a corrupt or outdated document in listings, refuses it on get, deletes it', async () => {
    const kv = new MapKv();
    kv.data.set('config:bad', '{"name":"bad"}{"name":"bad"}');
    kv.data.set('config:old', JSON.stringify({ name: 'old', config: { task: 'classify', template: 'no mask' }, hash: 'h', preset: false }));
    const store = new KvConfigStore(kv, { now: () => 0 });
    await store.put('ok', config, 'h');
    const listing = await store.list();
    expect(listing.configs.map((c) => c.name)).toEqual(['ok']);
    expect(listing.invalid.map((i) => i.name).sort()).toEqual(['bad', 'old']);
    await expect(store.get('bad')).rejects.toMatchObject({ code: 'config_invalid' });
    expect(await store.delete('bad')).toBe(true);
    expect(kv.data.has('config:bad')).toBe(false);
  });
});

describe('configStoreFor', () => {
  it('uses KV when bound and isolate memory (said so) when not', () => {
    expect(configStoreFor({ CONFIGS: new MapKv() }).kind).toBe('kv');
    const fallback = configStoreFor({});
    expect(fallback.kind).toBe(MEMORY_STORE_KIND);
  });
});
