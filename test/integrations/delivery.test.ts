import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backoffDelays, deliver, type RetryPolicy } from '../../src/integrations/common/deliver.js';
import { MemoryIdempotencyStore } from '../../src/integrations/common/idempotency.js';
import { parseCommandText } from '../../src/integrations/common/run-command.js';
import { resolvePointer, textsFromPayload } from '../../src/integrations/webhooks/webhook-payload.js';
import { startReceiver, type Receiver } from './support.js';

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
});

const policy: RetryPolicy = { attempts: 5, baseDelayMs: 5, maxDelayMs: 12, timeoutMs: 5_000 };

/** Real sleeps (short), recorded so the backoff schedule can be asserted without timing anything. */
function recordingSleep(): { sleep: (ms: number) => Promise<void>; slept: number[] } {
  const slept: number[] = [];
  return {
    slept,
    sleep: (ms) => {
      slept.push(ms);
      return new Promise((r) => setTimeout(r, ms));
    },
  };
}

describe('bounded exponential backoff', () => {
  it('doubles from the base delay and is capped, attempts − 1 delays', () => {
    expect(backoffDelays({ attempts: 6, baseDelayMs: 500, maxDelayMs: 4_000, timeoutMs: 1 })).toEqual([500, 1_000, 2_000, 4_000, 4_000]);
    expect(backoffDelays({ attempts: 1, baseDelayMs: 500, maxDelayMs: 4_000, timeoutMs: 1 })).toEqual([]);
  });

  it('retries 5xx until a 2xx, sleeping the backoff between attempts', async () => {
    const before = receiver.received.length;
    receiver.respondWith([503, 500, 200]);
    const { sleep, slept } = recordingSleep();
    const r = await deliver(`${receiver.url}/hook`, () => ({ method: 'POST', body: 'x' }), { policy, sleep });
    expect(r).toEqual({ ok: true, attempts: 3, status: 200 });
    expect(receiver.received.length - before).toBe(3);
    expect(slept).toEqual([5, 10]);
  });

  it('gives up after the last attempt when the receiver keeps failing', async () => {
    const before = receiver.received.length;
    receiver.respondWith([502]);
    const { sleep, slept } = recordingSleep();
    const r = await deliver(`${receiver.url}/hook`, () => ({ method: 'POST', body: 'x' }), { policy, sleep });
    expect(r).toMatchObject({ ok: false, attempts: 5, status: 502 });
    expect(receiver.received.length - before).toBe(5);
    expect(slept).toEqual([5, 10, 12, 12]);
  });

  it('stops at the first 4xx: the receiver refused this message', async () => {
    for (const status of [400, 404, 410, 422]) {
      const before = receiver.received.length;
      receiver.respondWith([status]);
      const { sleep, slept } = recordingSleep();
      const r = await deliver(`${receiver.url}/hook`, () => ({ method: 'POST', body: 'x' }), { policy, sleep });
      expect(r).toMatchObject({ ok: false, attempts: 1, status });
      expect(receiver.received.length - before).toBe(1);
      expect(slept).toEqual([]);
    }
  });

  it('retries when nothing listens (connection refused), then gives up', async () => {
    const { sleep, slept } = recordingSleep();
    const r = await deliver('http://127.0.0.1:9/nothing', () => ({ method: 'POST' }), { policy: { ...policy, attempts: 3 }, sleep });
    expect(r).toMatchObject({ ok: false, attempts: 3 });
    expect(slept).toEqual([5, 10]);
  });
});

describe('idempotency store (memory)', () => {
  it('lets exactly one of many concurrent claims win', async () => {
    const store = new MemoryIdempotencyStore();
    const claims = await Promise.all(Array.from({ length: 20 }, () => store.claim('msg_1')));
    expect(claims.filter((c) => c === undefined)).toHaveLength(1);
    expect(claims.filter((c) => c?.state === 'pending')).toHaveLength(19);
    await store.complete('msg_1', { status: 200, body: { label: 'positive' } });
    expect(await store.claim('msg_1')).toEqual({ state: 'done', answer: { status: 200, body: { label: 'positive' } } });
  });

  it('is bounded, forgets finished entries first, and expires them', async () => {
    let now = 0;
    const store = new MemoryIdempotencyStore({ maxEntries: 3, ttlMs: 1_000, now: () => now });
    await store.claim('a'); // stays pending
    for (const k of ['b', 'c', 'd', 'e']) {
      await store.claim(k);
      await store.complete(k, { status: 200, body: k });
    }
    expect(store.size).toBe(3);
    expect(await store.claim('a')).toEqual({ state: 'pending' });
    now = 2_000;
    expect(await store.claim('e')).toBeUndefined();
  });

  it('release lets a redelivery try again', async () => {
    const store = new MemoryIdempotencyStore();
    expect(await store.claim('x')).toBeUndefined();
    await store.release('x');
    expect(await store.claim('x')).toBeUndefined();
  });
});

describe('payload helpers', () => {
  it('resolves RFC 6901 pointers', () => {
    const doc = { event: { 'a/b': { 'm~n': ['zero', 'one'] } } };
    expect(resolvePointer(doc, '/event/a~1b/m~0n/1')).toBe('one');
    expect(resolvePointer(doc, '/event/missing')).toBeUndefined();
    expect(resolvePointer(doc, '/event/a~1b/m~0n/01')).toBeUndefined();
    expect(resolvePointer(doc, '/constructor')).toBeUndefined();
    expect(textsFromPayload(doc, '/event/a~1b/m~0n', 8)).toEqual({ texts: ['zero', 'one'], many: true });
    expect(() => textsFromPayload(doc, '/event', 8)).toThrow(/must be a non-empty string/);
    expect(() => textsFromPayload({ text: 'a', texts: ['b'] }, undefined, 8)).toThrow(/exactly one/);
  });

  it('parses chat command text', () => {
    expect(parseCommandText('sentiment: I loved it')).toEqual({ kind: 'config', config: 'sentiment', text: 'I loved it' });
    expect(parseCommandText('  NER : John went to Paris ')).toEqual({ kind: 'config', config: 'ner', text: 'John went to Paris' });
    expect(parseCommandText('fill: NLP is a [MASK] technology.')).toEqual({ kind: 'fill', text: 'NLP is a [MASK] technology.' });
    expect(parseCommandText('help')).toEqual({ kind: 'usage' });
    expect(parseCommandText('')).toEqual({ kind: 'usage' });
    expect(parseCommandText('just some words')).toMatchObject({ kind: 'usage', error: expect.any(String) });
    expect(parseCommandText('sentiment:')).toMatchObject({ kind: 'usage', error: expect.any(String) });
  });
});
