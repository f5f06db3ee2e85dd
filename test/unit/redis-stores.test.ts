import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PromptConfig } from '../../src/core/config/schema.js';
import { ClozeError } from '../../src/core/errors.js';
import { httpStatus } from '../../src/http/status.js';
import { RedisConfigStore } from '../../src/runtime/node/redis/redis-config-store.js';
import { connectRedis, redactRedisUrl, type SharedRedis } from '../../src/runtime/node/redis/redis-connection.js';
import { RedisIdempotencyStore } from '../../src/runtime/node/redis/redis-idempotency-store.js';
import { RedisRateLimiter } from '../../src/runtime/node/redis/redis-rate-limiter.js';
import { createSharedState } from '../../src/runtime/node/shared-state.js';
import { nodeEnvSchema, parseEnv } from '../../src/runtime/env-schema.js';
import { freePort } from '../../tools/lib/loopback.js';
import { tempDir } from '../support/app.js';
import { startRedis, type RedisServer } from '../support/redis.js';

/**
 * The Redis stores against a real redis-server, each "instance" with its own connection, as
 * two servers would have. (Two real servers sharing one Redis: test/http/redis-instances.test.ts.)
 */
const config = (w: string) => ({ task: 'classify', template: '{text} It was [MASK].', verbalizer: { a: [w], b: ['bad'] } }) as unknown as PromptConfig;

let redis: RedisServer;
let a: SharedRedis;
let b: SharedRedis;
beforeAll(async () => {
  redis = await startRedis();
  [a, b] = await Promise.all([connectRedis(redis.url), connectRedis(redis.url)]);
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await redis?.stop();
});

describe('RedisConfigStore', () => {
  it('a write on one connection is read on the other at once; a delete too; listings see both', async () => {
    const sa = new RedisConfigStore(a);
    const sb = new RedisConfigStore(b);
    const { stored, created } = await sa.put('x', config('good'), 'h1');
    expect(created).toBe(true);
    expect(await sb.get('x')).toMatchObject({ name: 'x', hash: 'h1', etag: stored.etag, updated_at: stored.updated_at });
    expect((await sb.list()).configs.map((c) => c.name)).toEqual(['x']);
    expect(await sb.delete('x')).toBe(true);
    expect(await sa.get('x')).toBeUndefined();
    expect(await sa.delete('x')).toBe(false);
    expect((await sa.list()).configs).toEqual([]);
  });

  it('If-Match writes racing from two connections: exactly one wins each round, the rest get 412', async () => {
    const stores = [new RedisConfigStore(a), new RedisConfigStore(b)];
    let { stored } = await stores[0]!.put('race', config('w0'), 'h0');
    for (let round = 1; round <= 5; round++) {
      const tries = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => stores[i % 2]!.put('race', config(`w${round}${i}`), `h${round}${i}`, { ifMatch: stored.etag! })),
      );
      const won = tries.filter((t) => t.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const t of tries) if (t.status === 'rejected') expect((t.reason as ClozeError).code).toBe('precondition_failed');
      stored = (won[0] as PromiseFulfilledResult<{ stored: typeof stored }>).value.stored;
      expect((await stores[1]!.get('race'))?.etag).toBe(stored.etag);
    }
  });

  it('keeps a stored document that no longer validates listable as invalid, and deletable', async () => {
    await a.command(['HSET', 'cloze:config:broken', 'doc', '{not json', 'etag', '"e"']);
    await a.command(['SADD', 'cloze:configs', 'broken']);
    const store = new RedisConfigStore(b);
    await expect(store.get('broken')).rejects.toMatchObject({ code: 'config_invalid' });
    expect((await store.list()).invalid.map((i) => i.name)).toEqual(['broken']);
    expect(await store.delete('broken')).toBe(true);
  });
});

describe('RedisIdempotencyStore', () => {
  it('one claim wins across connections; the answer is replayed to the other; a release lets a redelivery try again', async () => {
    const ia = new RedisIdempotencyStore(a);
    const ib = new RedisIdempotencyStore(b);
    const claims = await Promise.all([ia.claim('k1'), ib.claim('k1'), ia.claim('k1'), ib.claim('k1')]);
    expect(claims.filter((c) => c === undefined)).toHaveLength(1);
    expect(claims.filter((c) => c?.state === 'pending')).toHaveLength(3);
    await ia.complete('k1', { status: 200, body: { label: 'positive' } });
    expect(await ib.claim('k1')).toEqual({ state: 'done', answer: { status: 200, body: { label: 'positive' } } });
    await ib.release('k1'); // a stored answer is never released
    expect((await ia.claim('k1'))?.state).toBe('done');
    expect(await ia.claim('k2')).toBeUndefined();
    await ia.release('k2');
    expect(await ib.claim('k2')).toBeUndefined();
  });

  it('sets TTLs: short on a pending claim (a crashed owner does not block for long), long on an answer', async () => {
    const store = new RedisIdempotencyStore(a, { pendingTtlMs: 60_000, ttlMs: 3_600_000 });
    await store.claim('t1');
    const pending = Number(await a.command(['PTTL', 'cloze:idem:t1']));
    expect(pending).toBeGreaterThan(50_000);
    expect(pending).toBeLessThanOrEqual(60_000);
    await store.complete('t1', { status: 200, body: {} });
    expect(Number(await a.command(['PTTL', 'cloze:idem:t1']))).toBeGreaterThan(3_000_000);
  });
});

describe('RedisRateLimiter', () => {
  it('30/min: one budget per key across instances (30 granted of 80, both sides drawing), other keys untouched', async () => {
    const limiters = [new RedisRateLimiter(a, 30), new RedisRateLimiter(b, 30)];
    const verdicts = await Promise.all(Array.from({ length: 80 }, (_, i) => limiters[i % 2]!.limit('key:one')));
    const granted = verdicts.filter((v) => v.success).length;
    expect(granted).toBeGreaterThanOrEqual(30);
    expect(granted).toBeLessThanOrEqual(31);
    const refused = verdicts.find((v) => !v.success)!;
    expect(refused.retryAfterS).toBeGreaterThanOrEqual(1);
    expect(refused.retryAfterS).toBeLessThanOrEqual(2);
    expect((await limiters[0]!.limit('key:two')).success).toBe(true);
  });
});

describe('CLOZE_REDIS_URL', () => {
  it('is declared once in the Node schema: redis:// or rediss:// only, empty = unset', () => {
    expect(parseEnv(nodeEnvSchema, { CLOZE_REDIS_URL: 'rediss://:pw@cache.internal:6380/2' }).CLOZE_REDIS_URL).toBe('rediss://:pw@cache.internal:6380/2');
    expect(parseEnv(nodeEnvSchema, { CLOZE_REDIS_URL: '' }).CLOZE_REDIS_URL).toBeUndefined();
    expect(() => parseEnv(nodeEnvSchema, { CLOZE_REDIS_URL: 'http://cache:6379' })).toThrow(/CLOZE_REDIS_URL/);
  });

  it('without it, state stays local (files under the data folder, memory buckets)', async () => {
    const state = await createSharedState({ CLOZE_RATE_LIMIT_RPM: 1 }, await tempDir('cloze-local-state-'));
    expect(state.kind).toBe('local');
    expect(state.isReady()).toBe(true);
    expect((await state.rateLimiter!.limit('k')).success).toBe(true);
    expect((await state.rateLimiter!.limit('k')).success).toBe(false);
  });
});

describe('connection failures', () => {
  it('startup fails with a clear message naming the URL without its password', async () => {
    const port = await freePort();
    await expect(connectRedis(`redis://user:s3cret@127.0.0.1:${port}`, { connectTimeoutMs: 1_000 })).rejects.toThrow(
      new RegExp(`cannot reach Redis at redis://127\\.0\\.0\\.1:${port}.*CLOZE_REDIS_URL`),
    );
    expect(redactRedisUrl('redis://user:s3cret@h:1/0')).toBe('redis://h:1/0');
    await expect(createSharedState({ CLOZE_REDIS_URL: `redis://127.0.0.1:${port}` }, '/nonexistent')).rejects.toThrow(/cannot reach Redis/);
  });

  it('a full Redis (maxmemory, noeviction) refuses writes as state_unavailable, not as a 500', async () => {
    const own = await startRedis();
    const redis = await connectRedis(own.url);
    try {
      await redis.command(['CONFIG', 'SET', 'maxmemory-policy', 'noeviction']);
      await redis.command(['CONFIG', 'SET', 'maxmemory', '1']);
      await expect(new RedisConfigStore(redis).put('c', config('good'), 'h')).rejects.toMatchObject({ code: 'state_unavailable' });
      await expect(new RedisIdempotencyStore(redis).claim('k')).rejects.toMatchObject({ code: 'state_unavailable' });
    } finally {
      await redis.close();
      await own.stop();
    }
  });

  it('a lost connection: not ready, calls fail as state_unavailable (503), and all works again once Redis returns', async () => {
    const own = await startRedis();
    const state = await createSharedState({ CLOZE_REDIS_URL: own.url, CLOZE_RATE_LIMIT_RPM: 600 }, '/nonexistent');
    try {
      expect(state.kind).toBe('redis');
      await state.configs.put('c', config('good'), 'h');
      await own.kill();
      await expect.poll(() => state.isReady(), { timeout: 5_000 }).toBe(false);
      for (const call of [() => state.configs.get('c'), () => state.idempotency.claim('x'), () => state.rateLimiter!.limit('k')]) {
        const err = await call().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(ClozeError);
        expect(err).toMatchObject({ code: 'state_unavailable', retryAfterS: 1 });
        expect(httpStatus(err as ClozeError)).toBe(503);
      }
      await own.restart();
      await expect.poll(() => state.isReady(), { timeout: 10_000 }).toBe(true);
      expect(await state.configs.get('c')).toBeUndefined(); // no persistence here: it is gone, and says so
      expect((await state.rateLimiter!.limit('k')).success).toBe(true);
    } finally {
      await state.close();
      await own.stop();
    }
  });
});
