import { describe, expect, it } from 'vitest';
import { MemoryConfigStore } from '../../src/core/config/config-store.js';
import { configSchema } from '../../src/core/config/schema.js';
import { PromptEngine } from '../../src/core/engine.js';
import { ClozeError } from '../../src/core/errors.js';
import { FAKE_VOCAB, FakeMaskedLM } from '../support/fake-lm.js';

/**
 * The engine on the fake model (test/support/fake-lm.ts): at each mask, the logit of a token
 * is how often it occurs in the row, so every probability below is a closed form in e.
 */
const E = Math.E;
const V = FAKE_VOCAB.length;

const engineOn = (model = new FakeMaskedLM(), resultCacheSize?: number) => new PromptEngine(model, new MemoryConfigStore(), { resultCacheSize });
const inline = (verbalizer: Record<string, string[]> = { positive: ['good'], negative: ['bad'] }, aggregation: 'sum' | 'mean_logprob' = 'sum') => ({
  inline: { task: 'classify' as const, template: '{text} It was [MASK].', verbalizer, options: { aggregation, calibrate: false, temperature: 1 } },
});

describe('classify', () => {
  it('turns label-word probabilities at the mask into class probabilities (exact numbers)', async () => {
    const [good, bad, neither] = await engineOn().classify(inline(), ['good film', 'bad bad film', 'a film']);
    expect(good!.label).toBe('positive');
    expect(good!.scores.positive).toBeCloseTo(E / (E + 1), 6);
    expect(bad!.label).toBe('negative');
    expect(bad!.scores.negative).toBeCloseTo(E ** 2 / (E ** 2 + 1), 6);
    expect(neither!.scores).toEqual({ positive: 0.5, negative: 0.5 });
  });

  it('sums word probabilities per class, or averages their log-probabilities (mean_logprob)', async () => {
    const words = { positive: ['good', 'great'], negative: ['bad'] };
    const [sum] = await engineOn().classify(inline(words, 'sum'), ['good film']);
    expect(sum!.scores.positive).toBeCloseTo((E + 1) / (E + 2), 6);
    const [mean] = await engineOn().classify(inline(words, 'mean_logprob'), ['good film']);
    expect(mean!.scores.positive).toBeCloseTo(Math.exp(0.5) / (Math.exp(0.5) + 1), 6);
  });

  it('scores a multi-token word as the product of its sub-tokens at consecutive masks, never its first piece', async () => {
    const model = new FakeMaskedLM();
    const [r] = await engineOn(model).classify(inline({ positive: ['lovable'], negative: ['bad'] }), ['lovable']);
    // rows: "lo ##vable it was ." + 1 or 2 masks; each of those 5 tokens has logit 1
    const z = 5 * E + (V - 5);
    expect(r!.scores.positive).toBeCloseTo(E ** 2 / (E ** 2 + z), 6);
    expect(model.calls[0]!.map((row) => row.maskPositions.length)).toEqual([1, 2]);
  });

  it('batches all texts and all label-word lengths into one model call', async () => {
    const model = new FakeMaskedLM();
    await engineOn(model).classify(inline({ positive: ['great', 'lovable'], negative: ['terrible', 'unwatchable'] }), ['good film', 'bad film', 'a film']);
    expect(model.calls).toHaveLength(1);
    // one row per text per distinct word length (1, 2 and 3 sub-tokens)
    expect(model.calls[0]!.map((r) => r.maskPositions.length)).toEqual([1, 2, 3, 1, 2, 3, 1, 2, 3]);
  });

  it('gives the same answer for a text alone or inside a batch', async () => {
    const [alone] = await engineOn().classify(inline(), ['what a good film']);
    const batch = await engineOn().classify(inline(), ['a much longer text about a bad film that goes on and on', 'what a good film']);
    expect(batch[1]).toEqual(alone);
  });

  it('calibrates against the content-free inputs, computing the prior once per config', async () => {
    const model = new FakeMaskedLM();
    const engine = engineOn(model, 0);
    // "was" is in the template, so the content-free inputs lean positive: prior (1 + e) : 1
    const words = { positive: ['good', 'was'], negative: ['bad'] };
    const [a] = await engine.classify(inline(words), ['good film'], { calibrate: true });
    const [b] = await engine.classify(inline(words), ['good film'], { calibrate: true });
    const [c] = await engine.classify(inline(words), ['good film'], { calibrate: false });
    expect(model.calls).toHaveLength(4); // prior + 3 requests
    expect(a!.scores.positive).toBeCloseTo((2 * E) / (3 * E + 1), 6);
    expect(b!.scores).toEqual(a!.scores);
    expect(c!.scores.positive).toBeCloseTo((2 * E) / (2 * E + 1), 6);
  });

  it('answers repeated texts from the result cache, keyed by config and options', async () => {
    const model = new FakeMaskedLM();
    const engine = engineOn(model);
    const words = { positive: ['great', 'lovable'], negative: ['terrible', 'unwatchable'] };
    const first = await engine.classify(inline(words), ['good film', 'bad film']);
    const again = await engine.classify(inline(words), ['bad film', 'good film', 'new film']);
    expect(model.calls.map((c) => c.length)).toEqual([6, 3]); // only 'new film' went to the model
    expect(again[0]).toEqual(first[1]);
    await engine.classify(inline({ positive: ['great'], negative: ['bad'] }), ['good film']);
    await engine.classify(inline(words), ['good film'], { explain: 2 });
    expect(model.calls).toHaveLength(4);
  });

  it('explains with the top mask predictions', async () => {
    const [r] = await engineOn().classify(inline(), ['good film'], { explain: 4 });
    expect(r!.predictions).toHaveLength(4);
    // the row's five plain tokens tie at logit 1: good, film, it, was, .
    const z = 5 * E + (V - 5);
    for (const p of r!.predictions!) {
      expect(['good', 'film', 'it', 'was', '.']).toContain(p.token);
      expect(p.score).toBeCloseTo(E / z, 6);
    }
  });

  it('rejects a config for another task', async () => {
    const engine = engineOn();
    await expect(engine.classify({ name: 'ner' }, ['x'])).rejects.toMatchObject({ code: 'config_task_mismatch' });
    await expect(engine.classify({ name: 'missing' }, ['x'])).rejects.toBeInstanceOf(ClozeError);
  });
});

describe('fill-mask', () => {
  it('returns top-k per mask with probabilities, and restricts to targets', async () => {
    const engine = engineOn();
    const preds = await engine.fillMask('paris is the [MASK] of [MASK].', { topK: 3 });
    expect(preds).toHaveLength(2);
    const z = 5 * E + (V - 5); // paris, is, the, of, "." at logit 1
    for (const list of preds) {
      expect(list).toHaveLength(3);
      for (const p of list) expect(p.score).toBeCloseTo(E / z, 6);
    }
    const [targeted] = await engine.fillMask('it was good [MASK].', { topK: 5, targets: ['good', 'bad'] });
    expect(targeted!.map((p) => p.token)).toEqual(['good', 'bad']);
    expect(targeted![0]!.score / targeted![1]!.score).toBeCloseTo(E, 5);
    await expect(engine.fillMask('no mask here', { topK: 3 })).rejects.toMatchObject({ code: 'text_missing_mask' });
    await expect(engine.fillMask('[MASK]', { topK: 3, targets: ['unwatchable'] })).rejects.toMatchObject({ code: 'target_word_invalid', field: 'targets[0]' });
  });
});

describe('ner', () => {
  const nerConfig = (options: Record<string, unknown>, template = '{text} {span} is a type of [MASK].') => ({
    inline: configSchema.parse({ task: 'ner', template, types: { person: ['person'], location: ['city'] }, options: { threshold: 0, ...options } }),
  });

  it('types each span by its label words at the mask (exact numbers)', async () => {
    const text = 'Paris is a city.';
    const [r] = await engineOn().ner(nerConfig({}), [text]);
    expect(r!.entities).toEqual([{ text: 'Paris', type: 'location', start: 0, end: 5, score: expect.closeTo(E / (E + 1), 6) }]);
  });

  it('asks the parts of a name run only when the whole run comes back as not an entity', async () => {
    const model = new FakeMaskedLM();
    const config = configSchema.parse({
      task: 'ner',
      template: '{text} {span} is a [MASK].',
      types: { person: ['person'] },
      options: { none_words: ['thing'], threshold: 0.6 },
    });
    // whole run "Person Thing Thing": person 3, thing 4 in its row → none wins; of its parts,
    // only "Person" has person 3 against thing 2 → person with e³ / (e³ + e²)
    const [r] = await engineOn(model).ner({ inline: config }, ['Person Thing Thing and person']);
    expect(r!.entities).toEqual([{ text: 'Person', type: 'person', start: 0, end: 6, score: expect.closeTo(E / (E + 1), 6) }]);
    expect(model.calls.map((c) => c.length)).toEqual([1, 5]); // the run, then its five n-grams
  });

  it('with context_words, asks each span inside a window of the text only', async () => {
    const model = new FakeMaskedLM(512);
    const engine = engineOn(model);
    const text = 'Yesterday in the morning the old man called Peter walked slowly along the quiet river towards the small town of Oxford with his dog.';
    const [windowed] = await engine.ner(nerConfig({ context_words: 2 }, '{text} {span} is a [MASK].'), [text]);
    const [whole] = await engine.ner(nerConfig({ context_words: 0 }, '{text} {span} is a [MASK].'), [text]);
    const lengths = model.calls.map((c) => Math.max(...c.map((r) => r.ids.length)));
    expect(lengths[0]).toBeLessThan(lengths[1]! / 2);
    expect(windowed!.entities.map((e) => e.text)).toEqual(['Yesterday', 'Peter', 'Oxford']);
    expect(windowed!.entities.map((e) => e.text)).toEqual(whole!.entities.map((e) => e.text));
    for (const e of windowed!.entities) expect(text.slice(e.start, e.end)).toBe(e.text);
  });

  it('scores every candidate span of every text in batched calls and returns offsets', async () => {
    const model = new FakeMaskedLM();
    const texts = ['John went to Paris to visit the University.', 'Mary Smith works for Acme Corp in Berlin.'];
    const results = await engineOn(model).ner(nerConfig({}), texts);
    // one batched pass over both texts, one row per whole name: John, Paris, University,
    // Mary Smith, Acme Corp, Berlin (every run is an entity at threshold 0: no second pass)
    expect(model.calls).toHaveLength(1);
    expect(model.calls[0]!.length).toBe(6);
    const ngrams = new FakeMaskedLM();
    await engineOn(ngrams).ner(nerConfig({ spans: 'ngrams' }), texts);
    expect(ngrams.calls).toHaveLength(1);
    expect(ngrams.calls[0]!.length).toBeGreaterThan(6);
    expect(results.map((r) => r.entities.map((e) => e.text))).toEqual([
      ['John', 'Paris', 'University'],
      ['Mary Smith', 'Acme Corp', 'Berlin'],
    ]);
    results.forEach((r, i) => {
      for (const e of r.entities) expect(texts[i]!.slice(e.start, e.end)).toBe(e.text);
    });
  });
});
