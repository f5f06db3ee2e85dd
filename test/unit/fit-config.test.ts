import { describe, expect, it } from 'vitest';
import { MemoryConfigStore } from '../../src/core/config/config-store.js';
import { configSchema } from '../../src/core/config/schema.js';
import { PromptEngine } from '../../src/core/engine.js';
import { fitConfig } from '../../src/core/fewshot/fit-config.js';
import { FakeMaskedLM } from '../support/fake-lm.js';

/** The few-shot fit step on the fake model, where "good" and "bad" in a text raise exactly those words at the mask. */
const POSITIVE = ['good film', 'it was good', 'good good', 'the film is good'];
const NEGATIVE = ['bad film', 'it was bad', 'bad bad', 'the film is bad'];
// label words on the wrong classes: zero-shot is always wrong, the fit must learn it the right way round
const swapped = (examples: { text: string; label: string }[]) =>
  configSchema.parse({
    task: 'classify',
    template: '{text} It was [MASK].',
    verbalizer: { positive: ['bad'], negative: ['good'] },
    examples,
  });
const examples = [...POSITIVE.map((text) => ({ text, label: 'positive' })), ...NEGATIVE.map((text) => ({ text, label: 'negative' }))];

describe('fitConfig', () => {
  it('learns past a backwards verbalizer from the examples, and the engine then answers right', async () => {
    const model = new FakeMaskedLM();
    const fitted = await fitConfig(model, swapped(examples));
    const learned = fitted.learned!;
    expect(learned.method).not.toBe('zero_shot');
    expect(learned.fit.examples).toBe(8);
    expect(learned.fit.cv_accuracy).toBe(1);
    const zeroShot = learned.fit.candidates.find((c) => c.method === 'zero_shot');
    expect(zeroShot?.score).toBe(0);
    const engine = new PromptEngine(model, new MemoryConfigStore());
    const results = await engine.classify({ inline: fitted }, ['a good film', 'a bad film']);
    expect(results.map((r) => r.label)).toEqual(['positive', 'negative']);
  });

  it('fits a temperature on the examples, except when zero-shot is kept and the config has its own', async () => {
    const model = new FakeMaskedLM();
    // right label words: zero-shot is already perfect, so it is kept
    const right = (options: Record<string, unknown>) =>
      configSchema.parse({ task: 'classify', template: '{text} It was [MASK].', verbalizer: { positive: ['good'], negative: ['bad'] }, examples, options });
    const own = await fitConfig(model, right({ temperature: 3 }));
    expect(own.learned!.method).toBe('zero_shot');
    expect(own.learned!.temperature).toBeUndefined();
    const none = await fitConfig(model, right({}));
    expect(none.learned!.temperature).toBeGreaterThan(0);
    expect((await fitConfig(model, swapped(examples))).learned!.temperature).toBeGreaterThan(0);
  });

  it('keeps a stored fit that matches, without asking the model again', async () => {
    const model = new FakeMaskedLM();
    const fitted = await fitConfig(model, swapped(examples));
    const calls = model.calls.length;
    expect(await fitConfig(model, fitted)).toBe(fitted);
    expect(model.calls).toHaveLength(calls);
  });

  it('an NER fit asks exactly the prompts recognize() asks, each context_ensemble view included', async () => {
    const options = { none_words: ['thing'], threshold: 1, calibrate: false, context_words: 1, context_ensemble: [0, 3] };
    const ner = (extra: Record<string, unknown>) =>
      configSchema.parse({ task: 'ner', template: '{text} {span} is a [MASK].', types: { person: ['person'] }, options, ...extra });
    const config = ner({});
    const texts = ['Person Thing met a person here.', 'The Thing Person saw Person Person today.', 'A person called Person.', 'Thing and Person Thing went.'];
    const examples = texts.map((text) => ({
      text,
      entities: [...text.matchAll(/Person/g)].map((m) => ({ start: m.index, end: m.index + 6, type: 'person' })),
    }));
    // threshold 1 accepts no whole run, so recognize() also asks every run's parts
    const asked = (m: FakeMaskedLM) => new Set(m.calls.flat().map((r) => r.ids.join(' ')));
    const inference = new FakeMaskedLM();
    await new PromptEngine(inference, new MemoryConfigStore()).ner({ inline: config }, texts);
    const fitting = new FakeMaskedLM();
    const fitted = await fitConfig(fitting, ner({ examples }));
    expect(asked(fitting)).toEqual(asked(inference));
    expect(fitted.learned!.fit.examples).toBe(4);
    // the main view alone asks fewer prompts: the ensemble's views are not dropped
    const oneView = new FakeMaskedLM();
    await fitConfig(oneView, ner({ options: { ...options, context_ensemble: [] }, examples }));
    expect(asked(oneView).size).toBeLessThan(asked(fitting).size);
  });

  it('names an example whose label is not one of the verbalizer’s', async () => {
    const bad = [...examples.slice(0, 3), { text: 'fine', label: 'neutral' }];
    await expect(fitConfig(new FakeMaskedLM(), swapped(bad))).rejects.toMatchObject({ code: 'validation_failed', field: 'examples[3].label' });
  });
});
