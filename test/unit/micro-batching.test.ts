import { beforeAll, describe, expect, it } from 'vitest';
import type { OrtMaskedLM } from '../../src/backend/ort-masked-lm.js';
import { MicroBatchingLM } from '../../src/backend/micro-batching-lm.js';
import type { MaskedLM, MaskedRow } from '../../src/core/ports.js';
import { defaultModel } from '../support/model.js';

let model: OrtMaskedLM;
beforeAll(async () => {
  model = await defaultModel();
});

function countingModel(inner: MaskedLM) {
  const calls: number[] = [];
  const m: MaskedLM = {
    id: inner.id,
    maxLength: inner.maxLength,
    vocabSize: inner.vocabSize,
    tokenizer: inner.tokenizer,
    maskLogits: (rows: MaskedRow[]) => {
      calls.push(rows.length);
      return inner.maskLogits(rows);
    },
  };
  return { m, calls };
}

const row = (text: string): MaskedRow => {
  const t = model.tokenizer;
  const ids = [t.clsTokenId, ...t.encodePlain(text), t.maskTokenId, t.sepTokenId];
  return { ids, maskPositions: [ids.length - 2] };
};

describe('MicroBatchingLM', () => {
  it('runs a lone call at once, merges the calls that arrive while a pass runs, and routes each caller its own rows', async () => {
    const { m, calls } = countingModel(model);
    const batched = new MicroBatchingLM(m, { maxWaitMs: 20, maxRows: 64 });
    const texts = ['the film was', 'paris is a', 'john is a', 'we ate a'];
    const together = await Promise.all(texts.map((t) => batched.maskLogits([row(t)])));
    expect(calls).toEqual([1, 3]);
    const alone = await Promise.all(texts.map((t) => model.maskLogits([row(t)])));
    together.forEach((r, i) => {
      const argmax = (a: Float32Array) => a.indexOf(Math.max(...a));
      expect(argmax(r[0]![0]!)).toBe(argmax(alone[i]![0]![0]!));
    });
  });

  it('sends a full batch at once and passes big calls straight through', async () => {
    const { m, calls } = countingModel(model);
    const batched = new MicroBatchingLM(m, { maxWaitMs: 10_000, maxRows: 2 });
    await Promise.all([batched.maskLogits([row('a')]), batched.maskLogits([row('b')]), batched.maskLogits([row('c')])]);
    await batched.maskLogits([row('c'), row('d'), row('e')]);
    expect(calls).toEqual([1, 2, 3]);
  });

  it('bounds the inference queue: past maxPendingRows a call gets 503 overloaded with Retry-After, an idle model takes any call', async () => {
    const batched = new MicroBatchingLM(model, { maxWaitMs: 5, maxRows: 64, maxPendingRows: 2 });
    const calls = ['a', 'b', 'c', 'd'].map((t) => batched.maskLogits([row(t)]));
    const settled = await Promise.allSettled(calls);
    expect(settled.slice(0, 2).map((s) => s.status)).toEqual(['fulfilled', 'fulfilled']);
    for (const s of settled.slice(2)) {
      expect(s.status).toBe('rejected');
      expect((s as PromiseRejectedResult).reason).toMatchObject({ code: 'overloaded', status: 503, retryAfterS: 1 });
    }
    expect(batched.pending).toBe(0);
    // once drained, a call bigger than the bound is still taken by the idle model
    expect(await batched.maskLogits([row('e'), row('f'), row('g')])).toHaveLength(3);
  });

  it('serves queued calls in arrival order, one pass at a time, at most maxRows rows per pass', async () => {
    const { m, calls } = countingModel(model);
    let running = 0;
    let most = 0;
    const tracked: MaskedLM = {
      ...m,
      maskLogits: async (rows) => {
        most = Math.max(most, ++running);
        try {
          return await m.maskLogits(rows);
        } finally {
          running--;
        }
      },
    };
    const batched = new MicroBatchingLM(tracked, { maxWaitMs: 2, maxRows: 2 });
    const done: string[] = [];
    await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((t) => batched.maskLogits([row(t)]).then(() => done.push(t))));
    expect(calls).toEqual([1, 2, 2, 1]);
    expect(done).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(most).toBe(1);
  });
});
