import { describe, expect, it } from 'vitest';
import { compileConfig } from '../../src/core/config/compile-config.js';
import { contentHash } from '../../src/core/config/content-hash.js';
import { configSchema } from '../../src/core/config/schema.js';
import { ClozeError } from '../../src/core/errors.js';
import { compileVerbalizer } from '../../src/core/verbalizer/compile-verbalizer.js';
import { FakeMaskedLM } from '../support/fake-lm.js';

const model = new FakeMaskedLM();

function errorOf(fn: () => unknown): ClozeError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ClozeError) return err;
    throw err;
  }
  throw new Error('expected a ClozeError');
}

describe('compileVerbalizer', () => {
  it('tokenizes words mid-sentence and keeps every sub-token', () => {
    const v = compileVerbalizer({ positive: ['great', 'lovable'], negative: ['unwatchable'] }, model.tokenizer);
    expect(v.labels).toEqual(['positive', 'negative']);
    expect(v.words[0]!.map((w) => w.ids.length)).toEqual([1, 2]);
    expect(v.words[1]![0]!.ids.map((i) => model.tokenizer.idToToken(i))).toEqual(['un', '##watch', '##able']);
    expect(v.maskCounts).toEqual([1, 2, 3]);
  });

  it('names a word that the vocabulary does not know', () => {
    const err = errorOf(() => compileVerbalizer({ positive: ['great'], negative: ['bad', '☃'] }, model.tokenizer));
    expect(err.code).toBe('label_word_unknown');
    expect(err.field).toBe('verbalizer.negative[1]');
    expect(err.message).toContain('☃');
  });

  it('refuses words too long to score', () => {
    expect(errorOf(() => compileVerbalizer({ a: ['qxzvbnmw'] }, model.tokenizer)).code).toBe('label_word_too_long');
  });
});

describe('config schema and presets', () => {
  it('fills defaults and rejects unknown fields', () => {
    const ok = configSchema.parse({ task: 'classify', template: '{text} [MASK]', verbalizer: { a: ['good'], b: ['bad'] } });
    expect(ok.task === 'classify' && ok.options).toEqual({ aggregation: 'sum', calibrate: false });
    expect(configSchema.safeParse({ task: 'classify', template: '{text} [MASK]', verbalizer: { a: ['x'], b: ['y'] }, extra: 1 }).success).toBe(false);
    expect(configSchema.safeParse({ task: 'translate', template: '[MASK]' }).success).toBe(false);
    expect(configSchema.safeParse({ task: 'classify', template: '{text} [MASK]', verbalizer: { a: ['x'] } }).success).toBe(false);
  });

  it('hashes content, not key order', () => {
    const a = { task: 'classify', template: 't', verbalizer: { x: ['1'], y: ['2'] } };
    const b = { verbalizer: { y: ['2'], x: ['1'] }, template: 't', task: 'classify' };
    expect(contentHash(a)).toBe(contentHash(b));
    expect(contentHash(a)).not.toBe(contentHash({ ...a, template: 'u' }));
  });

  it('reports NER none-words under their own field', () => {
    const config = configSchema.parse({
      task: 'ner',
      template: '{text} {span} is a [MASK].',
      types: { person: ['person'] },
      options: { none_words: ['thing', '☃'] },
    });
    const err = errorOf(() => compileConfig(config, model));
    expect([err.code, err.field]).toEqual(['label_word_unknown', 'options.none_words[1]']);
  });
});
