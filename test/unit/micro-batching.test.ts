import { describe, expect, it } from 'vitest';
import { MicroBatchingLM } from '../../src/backend/micro-batching-lm.js';
import type { MaskedLM, MaskedRow } from '../../src/core/ports.js';
import { FakeMaskedLM } from '../support/fake-lm.js';

const row = (model: FakeMaskedLM, text: string): MaskedRow => {
  const t = model.tokenizer;
  const ids = [t.clsTokenId, ...t.encodePlain(text), t.maskTokenId, t.sepTokenId];
  return { ids, maskPositions: [ids.length - 2] };
};

/** Lets queued promise callbacks run, so calls made after it arrive after the ones before. */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('MicroBatchingLM', () => {
  it('runs a lone call at once, merges the calls that arrive while a pass runs, and routes each caller its own rows', async () => {
    const model = new FakeMaskedLM();
    const batched = new MicroBatchingLM(model, { maxWaitMs: 20, maxRows: 64 });
    const texts = ['the film was', 'paris is a', 'it is good', 'all bad'];
    const release = model.hold();
    const first = batched.maskLogits([row(model, texts[0]!)]);
    await tick();
    expect(model.calls.map((c) => c.length)).toEqual([1]); // started alone, still running
    const rest = texts.slice(1).map((t) => batched.maskLogits([row(model, t)]));
    await tick();
    expect(batched.pending).toBe(4);
    release();
    const together = await Promise.all([first, ...rest]);
    expect(model.calls.map((c) => c.length)).toEqual([1, 3]);
    const alone = await Promise.all(texts.map((t) => new FakeMaskedLM().maskLogits([row(model, t)])));
    expect(together).toEqual(alone);
  });

  it('sends a full batch at once and passes big calls straight through', async () => {
    const model = new FakeMaskedLM();
    const batched = new MicroBatchingLM(model, { maxWaitMs: 10_000, maxRows: 2 });
    await Promise.all([batched.maskLogits([row(model, 'a')]), batched.maskLogits([row(model, 'b')]), batched.maskLogits([row(model, 'c')])]);
    await batched.maskLogits([row(model, 'c'), row(model, 'd'), row(model, 'e')]);
    expect(model.calls.map((c) => c.length)).toEqual([1, 2, 3]);
  });

  it('bounds the inference queue: past maxPendingRows a call gets 503 overloaded with Retry-After, an idle model takes any call', async () => {
    const model = new FakeMaskedLM();
    const batched = new MicroBatchingLM(model, { maxWaitMs: 5, maxRows: 64, maxPendingRows: 2 });
    const release = model.hold();
    const all = Promise.allSettled(['a', 'b', 'c', 'd'].map((t) => batched.maskLogits([row(model, t)])));
    await tick();
    expect(batched.pending).toBe(2);
    release();
    const settled = await all;
    expect(settled.slice(0, 2).map((s) => s.status)).toEqual(['fulfilled', 'fulfilled']);
    for (const s of settled.slice(2)) {
      expect(s.status).toBe('rejected');
      expect((s as PromiseRejectedResult).reason).toMatchObject({ code: 'overloaded', retryAfterS: 1 });
    }
    expect(batched.pending).toBe(0);
    // once drained, a call bigger than the bound is still taken by the idle model
    expect(await batched.maskLogits([row(model, 'e'), row(model, 'f'), row(model, 'g')])).toHaveLength(3);
  });

  it('runs calls for different vocabulary ids in one pass over their union (everything when one asks for it) and gives each its own ids', async () => {
    const model = new FakeMaskedLM(); // a word's logit = how often the row holds it
    const id = (w: string) => model.tokenizer.encodePlain(w)[0]!;
    const [good, bad, great, film] = ['good', 'bad', 'great', 'film'].map(id) as [number, number, number, number];
    const batched = new MicroBatchingLM(model, { maxWaitMs: 2, maxRows: 64 });
    const values = (out: Float32Array[][]) => out.map((masks) => masks.map((r) => Array.from(r)));
    const release = model.hold();
    const first = batched.maskLogits([row(model, 'good')], [good]); // runs alone, with its own ids
    await tick();
    const queued = [batched.maskLogits([row(model, 'good bad')], [great, good]), batched.maskLogits([row(model, 'bad great great')], [bad, great])];
    release();
    expect(values(await first)).toEqual([[[1]]]);
    expect((await Promise.all(queued)).map(values)).toEqual([[[[0, 1]]], [[[1, 2]]]]);
    expect(model.vocabIdCalls).toEqual([[good], [good, bad, great].sort((a, b) => a - b)]);
    // one call without ids: the pass covers the whole vocabulary, the other is picked from it
    model.vocabIdCalls.length = 0;
    const hold = model.hold();
    const busy = batched.maskLogits([row(model, 'good')]);
    await tick();
    const mixed = [batched.maskLogits([row(model, 'great good film')], [film, good]), batched.maskLogits([row(model, 'film film')])];
    hold();
    await busy;
    const [picked, whole] = await Promise.all(mixed);
    expect(values(picked!)).toEqual([[[1, 1]]]);
    expect(whole![0]![0]!.length).toBe(model.vocabSize);
    expect(whole![0]![0]![film]).toBe(2);
    expect(model.vocabIdCalls).toEqual([undefined, undefined]);
  });

  it('serves queued calls in arrival order, one pass at a time, at most maxRows rows per pass', async () => {
    const model = new FakeMaskedLM();
    let running = 0;
    let most = 0;
    const tracked: MaskedLM = {
      id: model.id,
      maxLength: model.maxLength,
      vocabSize: model.vocabSize,
      tokenizer: model.tokenizer,
      maskLogits: async (rows) => {
        most = Math.max(most, ++running);
        try {
          return await model.maskLogits(rows);
        } finally {
          running--;
        }
      },
    };
    const batched = new MicroBatchingLM(tracked, { maxWaitMs: 2, maxRows: 2 });
    const release = model.hold();
    const done: string[] = [];
    const all = Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((t) => batched.maskLogits([row(model, t)]).then(() => done.push(t))));
    await tick();
    expect(model.calls.map((c) => c.length)).toEqual([1]);
    release();
    await all;
    expect(model.calls.map((c) => c.length)).toEqual([1, 2, 2, 1]);
    expect(done).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(most).toBe(1);
  });

  it('rejects every caller of a failed pass, and keeps serving', async () => {
    const model = new FakeMaskedLM();
    let fail = true;
    const flaky: MaskedLM = { ...model, tokenizer: model.tokenizer, maskLogits: (rows) => (fail ? Promise.reject(new Error('boom')) : model.maskLogits(rows)) };
    const batched = new MicroBatchingLM(flaky, { maxWaitMs: 2, maxRows: 8 });
    const settled = await Promise.allSettled(['a', 'b'].map((t) => batched.maskLogits([row(model, t)])));
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await batched.maskLogits([row(model, 'c')])).toHaveLength(1);
    expect(batched.pending).toBe(0);
  });
});
