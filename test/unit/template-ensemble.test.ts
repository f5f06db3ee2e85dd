import { beforeAll, describe, expect, it } from 'vitest';
import type { OrtMaskedLM } from '../../src/backend/ort-masked-lm.js';
import { MemoryConfigStore } from '../../src/core/config/config-store.js';
import { configSchema, type PromptConfig } from '../../src/core/config/schema.js';
import { PromptEngine } from '../../src/core/engine.js';
import { diagnoseVerbalizer } from '../../src/core/diagnose/diagnose-verbalizer.js';
import { json, nodeApp, tempDir } from '../support/app.js';
import { defaultModel } from '../support/model.js';

/** Template ensembles: a classify config asked through several templates, class scores averaged (mean log-probability). */
let model: OrtMaskedLM;
beforeAll(async () => {
  model = await defaultModel();
});

const verbalizer = { positive: ['great', 'good'], negative: ['terrible', 'bad'] };
const T1 = '{text} It was [MASK].';
const T2 = '{text} All in all, it was [MASK].';
const T3 = 'A [MASK] one: {text}';
const config = (over: Record<string, unknown>): PromptConfig => configSchema.parse({ task: 'classify', template: T1, verbalizer, ...over });
const texts = ['I really like the film a lot.', 'this movie makes me very disgusting.', 'It is a movie.'];

describe('template ensembles', () => {
  it('class probabilities are the softmax of the mean of each template’s log-probabilities', async () => {
    const engine = new PromptEngine(model, new MemoryConfigStore());
    const single = await Promise.all([T1, T2, T3].map((template) => engine.classify({ inline: config({ template }) }, texts)));
    const ensemble = await engine.classify({ inline: config({ templates: [T2, T3] }) }, texts);
    ensemble.forEach((r, i) => {
      const mean = ['positive', 'negative'].map((l) => single.reduce((a, s) => a + Math.log(s[i]!.scores[l]!), 0) / 3);
      const z = Math.log(Math.exp(mean[0]!) + Math.exp(mean[1]!));
      expect(r.scores.positive).toBeCloseTo(Math.exp(mean[0]! - z), 5);
      expect(r.scores.negative).toBeCloseTo(Math.exp(mean[1]! - z), 5);
    });
    // One template: exactly the zero-shot answer of today (no `templates` = unchanged behaviour).
    const plain = await engine.classify({ inline: config({}) }, texts);
    const preset = await engine.classify({ inline: configSchema.parse({ task: 'classify', template: T1, verbalizer }) }, texts);
    expect(plain).toEqual(preset);
  });

  it('a bad extra template is a 422 naming it, and the ensemble is bounded', async () => {
    const engine = new PromptEngine(model, new MemoryConfigStore());
    expect(() => engine.compile(config({ templates: [T2, 'no mask: {text}'] }))).toThrow(
      expect.objectContaining({ code: 'template_missing_mask', field: 'templates[1]' }),
    );
    expect(() => engine.compile(config({ templates: ['[MASK] {span}'] }))).toThrow(expect.objectContaining({ field: 'templates[0]' }));
    expect(configSchema.safeParse({ task: 'classify', template: T1, verbalizer, templates: [T1, T2, T3, T1] }).success).toBe(false);
    expect(configSchema.safeParse({ task: 'ner', template: '{span} is a [MASK].', types: { person: ['person'] }, templates: [T1] }).success).toBe(false);
  });

  it('the fit step and diagnose read every template', async () => {
    const engine = new PromptEngine(model, new MemoryConfigStore());
    const examples = [
      ['A wonderful, moving film.', 'positive'],
      ['Great acting and a clever story.', 'positive'],
      ['Dull, slow and far too long.', 'negative'],
      ['The worst film of the year.', 'negative'],
    ].map(([text, label]) => ({ text: text!, label: label! }));
    const one = await engine.fit(config({ examples }));
    const two = await engine.fit(config({ examples, templates: [T2] }));
    // The ensemble is part of what the fit depends on: a different key, different features.
    expect(two.learned!.fit.fitted_on).not.toBe(one.learned!.fit.fitted_on);
    expect(two.learned!.label_words).not.toEqual(one.learned!.label_words);
    const diag = await diagnoseVerbalizer(model, engine.compile(config({ templates: [T2, T3] })));
    expect(diag.templates).toBe(3);
    const diagOne = await diagnoseVerbalizer(model, engine.compile(config({})));
    expect(diagOne.templates).toBe(1);
    expect(diag.words.map((w) => w.prior)).not.toEqual(diagOne.words.map((w) => w.prior));
  });

  it('POST /v1/classify takes inline templates; bad ones are 422s naming the field', async () => {
    const app = nodeApp(await tempDir('cloze-ensemble-'));
    const ok = await app.request('/v1/classify', json({ text: texts[0], template: T1, templates: [T2], verbalizer }));
    expect(ok.status).toBe(200);
    const engine = new PromptEngine(model, new MemoryConfigStore());
    const [direct] = await engine.classify({ inline: config({ templates: [T2] }) }, [texts[0]!]);
    expect(((await ok.json()) as { scores: Record<string, number> }).scores.positive).toBeCloseTo(direct!.scores.positive!, 6);
    const bad = await app.request('/v1/classify', json({ text: texts[0], template: T1, templates: ['no mask {text}'], verbalizer }));
    expect(await bad.json()).toMatchObject({ status: 422, code: 'template_missing_mask', field: 'templates[0]' });
    const alone = await app.request('/v1/classify', json({ text: texts[0], templates: [T2], verbalizer }));
    expect(await alone.json()).toMatchObject({ status: 422, field: 'template' });
    const both = await app.request('/v1/classify', json({ text: texts[0], config: 'sentiment', templates: [T2] }));
    expect(await both.json()).toMatchObject({ status: 422, field: 'config' });
    const tooMany = await app.request('/v1/classify', json({ text: texts[0], template: T1, templates: [T1, T2, T3, T1], verbalizer }));
    expect(await tooMany.json()).toMatchObject({ status: 422, field: 'templates' });
  });
});
