import { beforeAll, describe, expect, it } from 'vitest';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { json, nodeApp, tempDir } from '../support/app.js';
import { NAME_SENTENCES, nerExamplesOf } from '../support/ner-examples.js';

/**
 * Few-shot configs through the real app and model: PUT fits on the examples, the learned
 * state is stored inside the config (and its hash), and changes the answers.
 */
let app: OpenAPIHono;
beforeAll(async () => {
  app = nodeApp(await tempDir('cloze-fewshot-'));
});

const POSITIVE = [
  'A wonderful, moving film.',
  'I loved every minute of it.',
  'Brilliant acting and a great story.',
  'One of the best movies this year.',
  'Funny, warm and beautifully made.',
  'A delight from start to finish.',
  'Great fun for the whole family.',
  'An excellent, smart thriller.',
];
const NEGATIVE = [
  'A dull, boring mess.',
  'I hated every minute of it.',
  'Terrible acting and a stupid story.',
  'One of the worst movies this year.',
  'Tedious, ugly and badly made.',
  'A waste of time from start to finish.',
  'Awful fun for nobody.',
  'A bad, lazy thriller.',
];
const HELD_OUT: [string, string][] = [
  ['What a great, beautiful film.', 'positive'],
  ['Simply brilliant and very funny.', 'positive'],
  ['A wonderful story, well told.', 'positive'],
  ['Excellent from beginning to end.', 'positive'],
  ['Boring, stupid and far too long.', 'negative'],
  ['The worst film I have seen.', 'negative'],
  ['A terrible, dull waste of time.', 'negative'],
  ['Awful acting and a bad script.', 'negative'],
];
const examples = [...POSITIVE.map((text) => ({ text, label: 'positive' })), ...NEGATIVE.map((text) => ({ text, label: 'negative' }))];
/** Label words on the wrong classes: zero-shot gets sentiment backwards; the fit must learn it the right way round. */
const swapped = { task: 'classify', template: '{text} It was [MASK].', verbalizer: { positive: ['bad', 'terrible'], negative: ['good', 'great'] } };

interface Stored {
  hash: string;
  config: {
    learned?: {
      method: string;
      temperature?: number;
      features: string[];
      label_words: Record<string, { word: string; score: number }[]>;
      fit: { cv_accuracy?: number; examples: number; fitted_on: string; candidates: unknown[] };
    };
  };
}

async function accuracy(config: string): Promise<number> {
  const res = await app.request('/v1/classify', json({ config, texts: HELD_OUT.map(([t]) => t) }));
  expect(res.status).toBe(200);
  const { results } = (await res.json()) as { results: { label: string }[] };
  return results.filter((r, i) => r.label === HELD_OUT[i]![1]).length / HELD_OUT.length;
}

describe('PUT /v1/configs/{name} with examples', () => {
  it('fits on the examples, shows what it learned, and stores it inside the config and its hash', async () => {
    const plain = await app.request('/v1/configs/swapped-zero', json(swapped, 'PUT'));
    expect(plain.status).toBe(201);
    const zero = (await plain.json()) as Stored;
    expect(zero.config.learned).toBeUndefined();

    const res = await app.request('/v1/configs/swapped-fit', json({ ...swapped, examples }, 'PUT'));
    expect(res.status).toBe(201);
    const fitted = (await res.json()) as Stored;
    const learned = fitted.config.learned!;
    expect(learned.method).toBe('head');
    expect(learned.fit.examples).toBe(16);
    expect(learned.fit.cv_accuracy).toBeGreaterThan(0.5);
    expect(learned.fit.candidates.length).toBeGreaterThanOrEqual(3);
    expect(learned.features.length).toBeGreaterThan(0);
    // Searched label words come with evidence, best first.
    const pos = learned.label_words.positive!;
    expect(pos.length).toBeGreaterThan(0);
    expect(pos[0]!.score).toBeGreaterThanOrEqual(pos[pos.length - 1]!.score);
    expect(fitted.hash).not.toBe(zero.hash);
    // Calibrated on the examples: a fitted temperature, and scores below certainty.
    expect(learned.temperature).toBeGreaterThan(0);

    const got = (await (await app.request('/v1/configs/swapped-fit')).json()) as Stored;
    expect(got).toMatchObject({ hash: fitted.hash, config: { learned } });

    // Backwards label words get the held-out reviews mostly wrong; the fitted head mostly right.
    expect(await accuracy('swapped-zero')).toBeLessThanOrEqual(0.5);
    expect(await accuracy('swapped-fit')).toBeGreaterThanOrEqual(0.75);
  });

  it('keeps a stored fit that matches (same hash), refits when the examples change', async () => {
    const first = (await (await app.request('/v1/configs/swapped-fit')).json()) as Stored;
    const again = (await (await app.request('/v1/configs/swapped-copy', json(first.config, 'PUT'))).json()) as Stored;
    expect(again.hash).toBe(first.hash);
    const fewer = (await (await app.request('/v1/configs/swapped-copy', json({ ...first.config, examples: examples.slice(2, 14) }, 'PUT'))).json()) as Stored;
    expect(fewer.config.learned!.fit.examples).toBe(12);
    expect(fewer.config.learned!.fit.fitted_on).not.toBe(first.config.learned!.fit.fitted_on);
  });

  it('zero examples is zero-shot: same answers as the config without them', async () => {
    const sentimentSeed = { task: 'classify', template: '{text} It was [MASK].', verbalizer: { positive: ['great', 'good'], negative: ['terrible', 'bad'] } };
    await app.request('/v1/configs/no-examples', json({ ...sentimentSeed, examples: [] }, 'PUT'));
    const a = await app.request('/v1/classify', json({ config: 'no-examples', text: 'A fine film.' }));
    const b = await app.request('/v1/classify', json({ template: sentimentSeed.template, verbalizer: sentimentSeed.verbalizer, text: 'A fine film.' }));
    expect(b.status).toBe(200);
    expect(await a.json()).toEqual(await b.json());
  });

  it('rejects a bad example with a 422 naming it', async () => {
    const bad = await app.request('/v1/configs/bad', json({ ...swapped, examples: [examples[0], { text: 'x', label: 'neutral' }] }, 'PUT'));
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ code: 'validation_failed', field: 'examples[1].label' });
    const ner = { task: 'ner', template: '{text} {span} is a [MASK].', types: { person: ['person'], location: ['city'] }, options: { none_words: ['thing'] } };
    const badType = await app.request(
      '/v1/configs/bad',
      json({ ...ner, examples: [{ text: 'John lives in Paris.', entities: [{ start: 0, end: 4, type: 'human' }] }] }, 'PUT'),
    );
    expect(badType.status).toBe(422);
    expect(await badType.json()).toMatchObject({ field: 'examples[0].entities[0].type' });
    const badSpan = await app.request(
      '/v1/configs/bad',
      json({ ...ner, examples: [{ text: 'John', entities: [{ start: 0, end: 40, type: 'person' }] }] }, 'PUT'),
    );
    expect(await badSpan.json()).toMatchObject({ field: 'examples[0].entities[0].end' });
    const tooMany = await app.request('/v1/configs/bad', json({ ...swapped, examples: Array.from({ length: 257 }, () => examples[0]) }, 'PUT'));
    expect(await tooMany.json()).toMatchObject({ status: 422, field: 'examples' });
    expect((await app.request('/v1/configs/bad')).status).toBe(404);
  });

  it('fits an NER config: per-type thresholds and label words per type', async () => {
    const nerExamples = nerExamplesOf(NAME_SENTENCES);
    const config = {
      task: 'ner',
      template: '{text} {span} is a [MASK].',
      types: { person: ['person', 'man'], location: ['city', 'country'] },
      options: { none_words: ['thing', 'day'], threshold: 0.3 },
      examples: nerExamples,
    };
    const res = await app.request('/v1/configs/ner-fit', json(config, 'PUT'));
    expect(res.status).toBe(201);
    const body = (await res.json()) as {
      config: {
        learned: { thresholds?: Record<string, number>; label_words: Record<string, unknown[]>; fit: { cv_f1: number; rows: number; candidates: unknown[] } };
      };
    };
    // Per-type thresholds are kept only when they won on held-out folds; then one per type.
    const th = body.config.learned.thresholds;
    if (th) expect(Object.keys(th).sort()).toEqual(['location', 'person']);
    expect(body.config.learned.fit.cv_f1).toBeGreaterThan(0);
    expect(body.config.learned.fit.candidates).toHaveLength(7); // zero-shot, calibration, a class-score head, heads with λ = 3, 1, 0.3, 0.1
    expect(Object.keys(body.config.learned.label_words)).toEqual(expect.arrayContaining(['person', 'location']));
    expect(body.config.learned.fit.rows).toBeGreaterThan(nerExamples.length);
    const ner = await app.request('/v1/ner', json({ config: 'ner-fit', text: 'Laura White travelled to Vienna.' }));
    expect(ner.status).toBe(200);
  });
});

describe('POST /v1/evaluate', () => {
  it('scores a config on labelled rows, consistent with /v1/classify', async () => {
    const rows = HELD_OUT.map(([text, label]) => ({ text, label }));
    const res = await app.request('/v1/evaluate', json({ config: 'swapped-fit', rows }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      task: string;
      n: number;
      metrics: { accuracy: number; confusion: number[][]; labels: string[] };
      predictions: string[];
    };
    expect(body.task).toBe('classify');
    expect(body.n).toBe(8);
    expect(body.metrics.accuracy).toBe(await accuracy('swapped-fit'));
    expect(body.metrics.confusion.flat().reduce((a, b) => a + b, 0)).toBe(8);
    expect(body.metrics.labels).toEqual(['positive', 'negative']);
  });

  it('scores NER with exact-span P/R/F1 per type', async () => {
    const text = 'John Smith flew to Paris.';
    const res = await app.request(
      '/v1/evaluate',
      json({
        config: 'ner',
        rows: [
          {
            text,
            entities: [
              { start: 0, end: 10, type: 'person' },
              { start: 19, end: 24, type: 'location' },
            ],
          },
        ],
      }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { task: string; metrics: { f1: number; per_type: Record<string, { support: number }> } };
    expect(body.task).toBe('ner');
    expect(body.metrics.per_type.person!.support).toBe(1);
    expect(body.metrics.f1).toBeGreaterThanOrEqual(0);
  });

  it('is bounded and names bad rows', async () => {
    const many = Array.from({ length: 65 }, () => ({ text: 'x', label: 'positive' }));
    expect(await (await app.request('/v1/evaluate', json({ config: 'sentiment', rows: many }))).json()).toMatchObject({ status: 422, field: 'rows' });
    const nerMany = Array.from({ length: 17 }, () => ({ text: 'John', entities: [] }));
    expect(await (await app.request('/v1/evaluate', json({ config: 'ner', rows: nerMany }))).json()).toMatchObject({ status: 422, field: 'rows' });
    expect(await (await app.request('/v1/evaluate', json({ config: 'sentiment', rows: [{ text: 'x', label: 'meh' }] }))).json()).toMatchObject({
      status: 422,
      field: 'rows[0].label',
    });
    expect(await (await app.request('/v1/evaluate', json({ config: 'nope', rows: [{ text: 'x', label: 'a' }] }))).json()).toMatchObject({ status: 404 });
  });
});

describe('GET /v1/configs/{name}/diagnose', () => {
  it('reports tokenization, priors and words that never win', async () => {
    const config = { task: 'classify', template: '{text} It was [MASK].', verbalizer: { positive: ['good', 'magnificently'], negative: ['bad'] } };
    expect((await app.request('/v1/configs/diag', json(config, 'PUT'))).status).toBe(201);
    const res = await app.request('/v1/configs/diag/diagnose');
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      class_prior: Record<string, number>;
      probes: number;
      words: { word: string; pieces: string[]; prior: number; wins: number; warnings: string[] }[];
    };
    expect(body.class_prior.positive! + body.class_prior.negative!).toBeCloseTo(1, 6);
    const multi = body.words.find((w) => w.word === 'magnificently')!;
    expect(multi.pieces.length).toBeGreaterThan(1);
    expect(multi.warnings.join(' ')).toMatch(/pieces/);
    const good = body.words.find((w) => w.word === 'good')!;
    expect(good.pieces).toEqual(['good']);
    expect(good.prior).toBeGreaterThan(0);
    expect(body.words.reduce((a, w) => a + w.wins, 0)).toBe(body.probes);
    for (const w of body.words) expect(w.wins === 0).toBe(w.warnings.some((m) => /never/.test(m)));
    expect((await app.request('/v1/configs/missing/diagnose')).status).toBe(404);
  });
});
