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

  it('keeps a stored fit that matches, without asking the model again', async () => {
    const model = new FakeMaskedLM();
    const fitted = await fitConfig(model, swapped(examples));
    const calls = model.calls.length;
    expect(await fitConfig(model, fitted)).toBe(fitted);
    expect(model.calls).toHaveLength(calls);
  });

  it('names an example whose label is not one of the verbalizer’s', async () => {
    const bad = [...examples.slice(0, 3), { text: 'fine', label: 'neutral' }];
    await expect(fitConfig(new FakeMaskedLM(), swapped(bad))).rejects.toMatchObject({ code: 'validation_failed', field: 'examples[3].label' });
  });
});
