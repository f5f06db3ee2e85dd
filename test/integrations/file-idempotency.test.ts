import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileIdempotencyStore } from '../../src/runtime/node/file-idempotency-store.js';
import { tempDir } from '../support/app.js';

describe('file-backed idempotency store (Node)', () => {
  it('remembers processed ids across a restart; pending and released ones are not persisted', async () => {
    const path = join(await tempDir('cloze-idem-'), 'sub', 'idempotency.jsonl');
    const a = await FileIdempotencyStore.open(path);
    expect(await a.claim('webhook:sentiment:msg_1')).toBeUndefined();
    await a.complete('webhook:sentiment:msg_1', { status: 200, body: { label: 'positive' } });
    expect(await a.claim('webhook:sentiment:msg_2')).toBeUndefined(); // never completed (a crash mid-processing)
    expect(await a.claim('webhook:sentiment:msg_3')).toBeUndefined();
    await a.release('webhook:sentiment:msg_3');
    await a.flush();

    const b = await FileIdempotencyStore.open(path);
    expect(await b.claim('webhook:sentiment:msg_1')).toEqual({ state: 'done', answer: { status: 200, body: { label: 'positive' } } });
    expect(await b.claim('webhook:sentiment:msg_2')).toBeUndefined();
    expect(await b.claim('webhook:sentiment:msg_3')).toBeUndefined();
  });

  it('concurrent completes are all written; the file is compacted to the bound; expired ids are dropped', async () => {
    let now = 1_000;
    const path = join(await tempDir('cloze-idem-'), 'idempotency.jsonl');
    const a = await FileIdempotencyStore.open(path, { maxEntries: 5, ttlMs: 10_000, now: () => now });
    await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        expect(await a.claim(`k${i}`)).toBeUndefined();
        await a.complete(`k${i}`, { status: 200, body: i });
      }),
    );
    await a.flush();
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    expect(lines.length).toBeLessThanOrEqual(10);
    const b = await FileIdempotencyStore.open(path, { maxEntries: 5, ttlMs: 10_000, now: () => now });
    expect(await b.claim('k29')).toEqual({ state: 'done', answer: { status: 200, body: 29 } });
    now = 100_000;
    const c = await FileIdempotencyStore.open(path, { maxEntries: 5, ttlMs: 10_000, now: () => now });
    expect(await c.claim('k29')).toBeUndefined();
  });
});
