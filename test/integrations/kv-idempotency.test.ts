import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryIdempotencyStore } from '../../src/integrations/common/idempotency.js';
import { KvIdempotencyStore, type KvLike } from '../../src/integrations/common/kv-idempotency-store.js';

/**
 * The Workers store over a real local KV namespace (Miniflare, the simulator behind
 * `wrangler dev`). Two stores with their own memory stand for two isolates sharing KV.
 */
let mf: Miniflare;
let kv: KvLike;
beforeAll(async () => {
  mf = new Miniflare({ modules: true, script: 'export default { fetch() { return new Response("") } }', kvNamespaces: ['IDEMPOTENCY'] });
  kv = (await mf.getKVNamespace('IDEMPOTENCY')) as unknown as KvLike;
});
afterAll(async () => {
  await mf?.dispose();
});

describe('KV-backed idempotency (Workers)', () => {
  it('one isolate processes; another sees it pending, then the stored answer', async () => {
    const a = new KvIdempotencyStore(kv, new MemoryIdempotencyStore());
    const b = new KvIdempotencyStore(kv, new MemoryIdempotencyStore());
    expect(await a.claim('webhook:sentiment:msg_1')).toBeUndefined();
    expect(await b.claim('webhook:sentiment:msg_1')).toEqual({ state: 'pending' });
    await a.complete('webhook:sentiment:msg_1', { status: 200, body: { label: 'positive' } });
    expect(await b.claim('webhook:sentiment:msg_1')).toEqual({ state: 'done', answer: { status: 200, body: { label: 'positive' } } });
    expect(await a.claim('webhook:sentiment:msg_1')).toEqual({ state: 'done', answer: { status: 200, body: { label: 'positive' } } });
  });

  it('concurrent claims in one isolate: exactly one wins, without waiting for KV', async () => {
    const a = new KvIdempotencyStore(kv, new MemoryIdempotencyStore());
    const claims = await Promise.all(Array.from({ length: 10 }, () => a.claim('slack-event:Ev42')));
    expect(claims.filter((c) => c === undefined)).toHaveLength(1);
  });

  it('a released claim (processing failed) can be claimed again from any isolate', async () => {
    const a = new KvIdempotencyStore(kv, new MemoryIdempotencyStore());
    const b = new KvIdempotencyStore(kv, new MemoryIdempotencyStore());
    expect(await a.claim('webhook:x:msg_2')).toBeUndefined();
    await a.release('webhook:x:msg_2');
    expect(await b.claim('webhook:x:msg_2')).toBeUndefined();
  });
});
