import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/core/config/schema.js';
import { MemoryConfigStore } from '../../src/core/config/config-store.js';
import { PromptEngine } from '../../src/core/engine.js';
import { compileConfig } from '../../src/core/config/compile-config.js';
import { fitConfig } from '../../src/core/fewshot/fit-config.js';
import { collectMaskFeatures } from '../../src/core/fewshot/mask-features.js';
import { gramBudget, gramCols, idsToWords, selectGrams, textGrams } from '../../src/core/fewshot/text-features.js';
import { FakeMaskedLM, FakeTokenizer } from '../support/fake-lm.js';

describe('text n-gram features', () => {
  it('joins word-pieces back into words, then lists words, bigrams and character trigrams', () => {
    const tok = new FakeTokenizer();
    expect(idsToWords(tok.encodePlain('Lovable film'), tok)).toEqual(['lovable', 'film']);
    expect(textGrams(['how', 'many'])).toEqual(['c:<ho', 'c:<ma', 'c:any', 'c:how', 'c:man', 'c:ny>', 'c:ow>', 'w:how', 'w:how many', 'w:many']);
    expect(textGrams(['a', '?'])).toEqual(['w:?', 'w:a', 'w:a ?']);
    // a very long "word" (a URL, a hash) gives only character trigrams: stored grams stay within the schema's bound
    const long = 'x'.repeat(60);
    expect(textGrams([long, 'a']).filter((g) => g.startsWith('w:'))).toEqual(['w:a']);
  });

  it('keeps grams seen in at least two examples, most frequent first, bounded', () => {
    const grams = [['w:a', 'w:b'], ['w:a', 'w:c'], ['w:a', 'w:b'], ['w:d']];
    expect(selectGrams(grams, [0, 1, 2, 3])).toEqual(['w:a', 'w:b']);
    expect(selectGrams(grams, [0, 1, 2, 3], 1)).toEqual(['w:a']);
    expect(selectGrams(grams, [1, 3])).toEqual([]); // only the training rows count
    expect(gramBudget(6)).toBe(384);
    expect(gramBudget(50)).toBe(81); // the stored weights stay bounded whatever the classes
    expect(
      gramCols(
        ['w:b', 'w:z', 'w:a'],
        new Map([
          ['w:a', 0],
          ['w:b', 1],
        ]),
      ),
    ).toEqual([1, 0]);
  });

  it('a fitted head learns from word order the mask never sees, stores them readably, and the engine applies them', async () => {
    // The fake model's mask sees how often each word occurs, not their order: only the
    // texts' bigrams ("paris city" vs "city paris") separate the classes.
    const texts = (w: string) => Array.from({ length: 8 }, (_, i) => `${w} ${'abcdefgh'[i]} it was`);
    const examples = [...texts('paris city').map((text) => ({ text, label: 'p' })), ...texts('city paris').map((text) => ({ text, label: 'c' }))];
    const config = configSchema.parse({ task: 'classify', template: '{text} [MASK].', verbalizer: { p: ['good'], c: ['bad'] }, examples });
    const fitted = await fitConfig(new FakeMaskedLM(), config);
    const learned = fitted.learned!;
    expect(learned.fit.chosen).toMatch(/^head.*_ngrams$/);
    expect(learned.ngrams).toContain('w:paris city');
    expect(learned.ngram_weights).toHaveLength(2);
    const col = learned.ngrams!.indexOf('w:paris city');
    expect(learned.ngram_weights![0]![col]!).toBeGreaterThan(learned.ngram_weights![1]![col]!);
    expect(learned.temperature).toBeGreaterThan(0);
    const engine = new PromptEngine(new FakeMaskedLM(), new MemoryConfigStore());
    const results = await engine.classify({ inline: fitted }, ['paris city z it was', 'city paris z it was']);
    expect(results.map((r) => r.label)).toEqual(['p', 'c']);
  });
});

describe('label-word expansion', () => {
  it('asks the model, once per class, for words it relates to the label words; the pool holds them', async () => {
    const model = new FakeMaskedLM();
    const tok = model.tokenizer;
    const config = configSchema.parse({ task: 'classify', template: '{text} [MASK].', verbalizer: { p: ['good', 'great'], n: ['bad'] } });
    const compiled = compileConfig(config, model);
    const features = await collectMaskFeatures(model, compiled, [{ text: tok.encodePlain('a film') }]);
    const rows = model.calls.flat().map((r) => r.ids.map((id) => tok.idToToken(id)).join(' '));
    expect(rows).toContain('[CLS] good , great , and [MASK] . [SEP]');
    expect(rows).toContain('[CLS] bad , and [MASK] . [SEP]');
    // the fake model raises the words of a row at its mask: "and" only comes from the expansion prompts
    expect(features.poolWords).toContain('and');
  });
});
