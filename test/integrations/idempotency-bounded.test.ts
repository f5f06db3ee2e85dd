import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boundedAnswer, MemoryIdempotencyStore } from '../../src/integrations/common/idempotency.js';
import { FileIdempotencyStore } from '../../src/runtime/node/file-idempotency-store.js';
import { tempDir } from '../support/app.js';

/** What a webhook stored per delivery before: the whole result (64 texts × 50 labels ≈ 129 KB). */
const bigAnswer = (i: number) => ({
  status: 200,
  body: {
    webhook_id: `msg_${i}`,
    config: 'topics',
    results: Array.from({ length: 64 }, () => ({
      label: 'l1',
      scores: Object.fromEntries(Array.from({ length: 50 }, (_, c) => [`label_${c}`, 0.0123456789])),
    })),
    callback: { url: 'https://example.com/cb', delivered: true, attempts: 1, status: 200 },
  },
});

describe('bounded idempotency state', () => {
  it('keeps a capped copy of a large answer: its short fields, and the full body’s length and digest', async () => {
    const answer = bigAnswer(1);
    const kept = boundedAnswer(answer);
    expect(JSON.stringify(kept).length).toBeLessThan(4_096);
    expect(kept.body).toMatchObject({ webhook_id: 'msg_1', config: 'topics', callback: { delivered: true }, stored_copy: { truncated: true } });
    expect((kept.body as { stored_copy: { chars: number } }).stored_copy.chars).toBe(JSON.stringify(answer.body).length);
    expect(boundedAnswer({ status: 200, body: { label: 'positive' } })).toEqual({ status: 200, body: { label: 'positive' } });
    const memory = new MemoryIdempotencyStore();
    await memory.complete('k', answer);
    expect(JSON.stringify(await memory.claim('k')).length).toBeLessThan(4_096);
  });

  it('400 large deliveries keep the file small (it was 51.5 MB); it is compacted by size', async () => {
    const path = join(await tempDir('cloze-idem-big-'), 'idempotency.jsonl');
    const store = await FileIdempotencyStore.open(path, { compactBytes: 256 * 1024, maxEntries: 100 });
    for (let i = 0; i < 400; i++) {
      await store.claim(`webhook:topics:msg_${i}`);
      await store.complete(`webhook:topics:msg_${i}`, bigAnswer(i));
    }
    await store.flush();
    const size = (await stat(path)).size;
    expect(size).toBe(store.fileBytes);
    expect(size).toBeLessThan(1024 * 1024);
    const reopened = await FileIdempotencyStore.open(path, { maxEntries: 100 });
    expect(await reopened.claim('webhook:topics:msg_399')).toMatchObject({ state: 'done', answer: { body: { webhook_id: 'msg_399' } } });
  });

  it('opens a file written before (whole answers, a line of several MB) by streaming it, and rewrites it capped', async () => {
    const path = join(await tempDir('cloze-idem-old-'), 'idempotency.jsonl');
    const expires = Date.now() + 3_600_000;
    const huge = { key: 'huge', answer: { status: 200, body: { blob: 'x'.repeat(5_000_000) } }, expires };
    const lines = [huge, ...Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, answer: bigAnswer(i), expires }))];
    await writeFile(path, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n{"torn":`);
    const before = (await stat(path)).size;
    const store = await FileIdempotencyStore.open(path);
    expect(await store.claim('k49')).toMatchObject({ state: 'done', answer: { body: { webhook_id: 'msg_49', stored_copy: { truncated: true } } } });
    expect(await store.claim('huge')).toBeUndefined(); // an oversized line is skipped, never held whole
    await store.flush();
    const after = (await stat(path)).size;
    expect(after).toBeLessThan(before / 20);
    expect((await readFile(path, 'utf8')).split('\n').every((l) => l.length < 20_000)).toBe(true);
  });
});
