import { beforeAll, describe, expect, it } from 'vitest';
import type { OrtMaskedLM } from '../../src/backend/ort-masked-lm.js';
import { MemoryConfigStore } from '../../src/core/config/config-store.js';
import { configSchema } from '../../src/core/config/schema.js';
import { PromptEngine } from '../../src/core/engine.js';
import { ClozeError } from '../../src/core/errors.js';
import type { MaskedLM, MaskedRow } from '../../src/core/ports.js';
import { defaultModel } from '../support/model.js';

/** Passes every call through to the real model and records what the engine asked for. */
class RecordingModel implements MaskedLM {
  calls: MaskedRow[][] = [];
  constructor(private readonly inner: MaskedLM) {}
  get id() { return this.inner.id; }
  get maxLength() { return this.inner.maxLength; }
  get vocabSize() { return this.inner.vocabSize; }
  get tokenizer() { return this.inner.tokenizer; }
  maskLogits(rows: MaskedRow[]) {
    this.calls.push(rows);
    return this.inner.maskLogits(rows);
  }
}

let model: OrtMaskedLM;
beforeAll(async () => {
  model = await defaultModel();
});

const sentimentWords = { positive: ['great', 'lovable'], negative: ['terrible', 'unwatchable'] };
const inline = (verbalizer = sentimentWords) =>
  ({ inline: { task: 'classify' as const, template: '{text} It was [MASK].', verbalizer, options: { aggregation: 'sum' as const, calibrate: false } } });

describe('classify', () => {
  it('returns a label and class probabilities that sum to 1', async () => {
    const engine = new PromptEngine(model, new MemoryConfigStore());
    const [r] = await engine.classify({ name: 'sentiment' }, ['I really like the film a lot.']);
    expect(Object.keys(r!.scores)).toEqual(['positive', 'negative']);
    expect(Object.values(r!.scores).reduce((a, b) => a + b)).toBeCloseTo(1, 6);
    expect(r!.label).toBe(Object.entries(r!.scores).sort((a, b) => b[1] - a[1])[0]![0]);
  });

  it('batches all texts and all label-word lengths into one model call', async () => {
    const rec = new RecordingModel(model);
    const engine = new PromptEngine(rec, new MemoryConfigStore());
    await engine.classify(inline(), ['good film', 'bad film', 'a film']);
    expect(rec.calls).toHaveLength(1);
    // one row per text per distinct word length (1, 2 and 3 sub-tokens)
    expect(rec.calls[0]!.map((r) => r.maskPositions.length)).toEqual([1, 2, 3, 1, 2, 3, 1, 2, 3]);
  });

  it('gives the same answer for a text alone or inside a batch', async () => {
    const engine = new PromptEngine(model, new MemoryConfigStore());
    const [alone] = await engine.classify({ name: 'sentiment' }, ['what a film']);
    const batch = await engine.classify({ name: 'sentiment' }, ['a much longer text about a film that goes on and on', 'what a film']);
    expect(batch[1]!.label).toBe(alone!.label);
    expect(batch[1]!.scores.positive).toBeCloseTo(alone!.scores.positive!, 1);
  });

  it('computes the calibration prior once per config and reuses it', async () => {
    const rec = new RecordingModel(model);
    const engine = new PromptEngine(rec, new MemoryConfigStore(), { resultCacheSize: 0 });
    const a = await engine.classify(inline(), ['good film'], { calibrate: true });
    const b = await engine.classify(inline(), ['good film'], { calibrate: true });
    const c = await engine.classify(inline(), ['good film'], { calibrate: false });
    expect(rec.calls).toHaveLength(4); // prior + 3 requests
    expect(a[0]!.scores).toEqual(b[0]!.scores);
    expect(a[0]!.scores.positive).not.toBeCloseTo(c[0]!.scores.positive!, 6);
  });

  it('answers repeated texts from the result cache, keyed by config and options', async () => {
    const rec = new RecordingModel(model);
    const engine = new PromptEngine(rec, new MemoryConfigStore());
    const first = await engine.classify(inline(), ['good film', 'bad film']);
    const again = await engine.classify(inline(), ['bad film', 'good film', 'new film']);
    expect(rec.calls.map((c) => c.length)).toEqual([6, 3]); // only 'new film' went to the model
    expect(again[0]).toEqual(first[1]);
    await engine.classify(inline({ positive: ['great'], negative: ['bad'] }), ['good film']);
    await engine.classify(inline(), ['good film'], { explain: 2 });
    expect(rec.calls).toHaveLength(4);
  });

  it('explains with the top mask predictions', async () => {
    const engine = new PromptEngine(model, new MemoryConfigStore());
    const [r] = await engine.classify({ name: 'sentiment' }, ['fine'], { explain: 4 });
    expect(r!.predictions).toHaveLength(4);
    const scores = r!.predictions!.map((p) => p.score);
    expect([...scores].sort((x, y) => y - x)).toEqual(scores);
  });

  it('rejects a config for another task', async () => {
    const engine = new PromptEngine(model, new MemoryConfigStore());
    await expect(engine.classify({ name: 'ner' }, ['x'])).rejects.toMatchObject({ code: 'config_task_mismatch' });
    await expect(engine.classify({ name: 'missing' }, ['x'])).rejects.toBeInstanceOf(ClozeError);
  });
});

describe('fill-mask', () => {
  it('returns top-k per mask with probabilities, and restricts to targets', async () => {
    const engine = new PromptEngine(model, new MemoryConfigStore());
    const preds = await engine.fillMask('paris is the [MASK] of [MASK].', { topK: 3 });
    expect(preds).toHaveLength(2);
    for (const list of preds) {
      expect(list).toHaveLength(3);
      for (const p of list) expect(p.score).toBeGreaterThan(0);
      expect(list[0]!.score).toBeGreaterThanOrEqual(list[2]!.score);
    }
    const targeted = await engine.fillMask('it was [MASK].', { topK: 5, targets: ['good', 'bad'] });
    expect(targeted[0]!.map((p) => p.token).sort()).toEqual(['bad', 'good']);
    await expect(engine.fillMask('no mask here', { topK: 3 })).rejects.toMatchObject({ code: 'text_missing_mask' });
    await expect(engine.fillMask('[MASK]', { topK: 3, targets: ['unwatchable'] })).rejects.toMatchObject({ code: 'target_word_invalid', field: 'targets[0]' });
  });
});

describe('ner', () => {
  it('with context_words, asks each span inside a window of the text only', async () => {
    const rec = new RecordingModel(model);
    const engine = new PromptEngine(rec, new MemoryConfigStore());
    const text = 'Yesterday in the morning the old man called Peter walked slowly along the quiet river towards the small town of Oxford with his dog.';
    const config = (context_words: number) => ({
      inline: configSchema.parse({ task: 'ner', template: '{text} {span} is a [MASK].', types: { person: ['person'] }, options: { threshold: 0, context_words } }),
    });
    const [windowed] = await engine.ner(config(2), [text]);
    const [whole] = await engine.ner(config(0), [text]);
    const lengths = rec.calls.map((c) => Math.max(...c.map((r) => r.ids.length)));
    expect(lengths[0]).toBeLessThan(lengths[1]! / 2);
    expect(windowed!.entities.map((e) => e.text)).toEqual(whole!.entities.map((e) => e.text));
    for (const e of windowed!.entities) expect(text.slice(e.start, e.end)).toBe(e.text);
  });

  it('scores every candidate span of every text in batched calls and returns offsets', async () => {
    const rec = new RecordingModel(model);
    const engine = new PromptEngine(rec, new MemoryConfigStore());
    const texts = ['John went to Paris to visit the University.', 'Mary Smith works for Acme Corp in Berlin.'];
    const config = {
      inline: configSchema.parse({ task: 'ner', template: '{text} {span} is a type of [MASK].', types: { person: ['person'], location: ['city'] }, options: { threshold: 0 } }),
    };
    const results = await engine.ner(config, texts);
    // one batched pass over both texts, one row per whole name: John, Paris, University,
    // Mary Smith, Acme Corp, Berlin (every run is an entity at threshold 0: no second pass)
    expect(rec.calls).toHaveLength(1);
    expect(rec.calls[0]!.length).toBe(6);
    const ngrams = new RecordingModel(model);
    const ngramConfig = configSchema.parse({ task: 'ner', template: '{text} {span} is a type of [MASK].', types: { person: ['person'], location: ['city'] }, options: { threshold: 0, spans: 'ngrams' } });
    await new PromptEngine(ngrams, new MemoryConfigStore()).ner({ inline: ngramConfig }, texts);
    expect(ngrams.calls).toHaveLength(1);
    expect(ngrams.calls[0]!.length).toBeGreaterThan(6);
    results.forEach((r, i) => {
      expect(r.entities.length).toBeGreaterThan(0);
      for (const e of r.entities) {
        expect(texts[i]!.slice(e.start, e.end)).toBe(e.text);
        expect(['person', 'location']).toContain(e.type);
      }
      const sorted = [...r.entities].sort((a, b) => a.start - b.start);
      sorted.slice(1).forEach((e, k) => expect(e.start).toBeGreaterThanOrEqual(sorted[k]!.end));
    });
  });
});
