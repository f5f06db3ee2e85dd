import { describe, expect, it } from 'vitest';
import { MemoryConfigStore } from '../../src/core/config/config-store.js';
import { PromptEngine } from '../../src/core/engine.js';
import { createApp } from '../../src/http/app.js';
import { warmEngine } from '../../src/runtime/warm-engine.js';
import { json } from '../support/app.js';
import { FAKE_VOCAB, FakeMaskedLM } from '../support/fake-lm.js';
import { DEFAULT_TEMPERATURE } from '../../src/core/scoring/temperature.js';

/**
 * The HTTP contract on the closed-form fake model (test/support/fake-lm.ts: the logit of a
 * token at a mask is how often it occurs in the prompt), so every expected number is derived
 * here and none depends on the shipped model's weights: retraining the model cannot break it.
 */
const app = createApp(
  warmEngine(async () => new PromptEngine(new FakeMaskedLM(), new MemoryConfigStore())),
  { accessLog: false },
);
const call = async (path: string, init?: RequestInit) => {
  const res = await app.request(path, init);
  return { status: res.status, type: res.headers.get('content-type'), body: JSON.parse((await res.text()) || 'null') as Record<string, unknown> };
};
const sentiment = { template: '{text} It was [MASK].', verbalizer: { pos: ['good'], neg: ['bad'] } };

describe('HTTP contract on the fake model', () => {
  it('classify: the softmax of the label words’ counts in the prompt, at the default temperature', async () => {
    const { status, body } = await call('/v1/classify', json({ text: 'good good film', ...sentiment }));
    expect(status).toBe(200);
    const pos = Math.exp(2 / DEFAULT_TEMPERATURE) / (Math.exp(2 / DEFAULT_TEMPERATURE) + 1);
    expect(body).toEqual({ label: 'pos', scores: { pos: expect.closeTo(pos, 9), neg: expect.closeTo(1 - pos, 9) }, truncated: false });
    const batch = await call('/v1/classify', json({ texts: ['bad film', 'good film'], ...sentiment }));
    expect((batch.body.results as { label: string }[]).map((r) => r.label)).toEqual(['neg', 'pos']);
  });

  it('fill-mask: the most frequent prompt token first, with its softmax over the vocabulary (float32 logits)', async () => {
    const { status, body } = await call('/v1/fill-mask', json({ text: 'paris paris [MASK] .', top_k: 2 }));
    expect(status).toBe(200);
    const z = Math.exp(2) + Math.exp(1) + (FAKE_VOCAB.length - 2);
    expect(body).toEqual({
      predictions: [
        [
          { token: 'paris', token_id: FAKE_VOCAB.indexOf('paris'), score: expect.closeTo(Math.exp(2) / z, 6) },
          { token: '.', token_id: FAKE_VOCAB.indexOf('.'), score: expect.closeTo(Math.exp(1) / z, 6) },
        ],
      ],
    });
  });

  it('configs: PUT 201, GET the same document, run it by name, DELETE 204, then 404', async () => {
    const doc = { task: 'classify', ...sentiment };
    expect((await call('/v1/configs/mine', json(doc, 'PUT'))).status).toBe(201);
    const got = await call('/v1/configs/mine');
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ name: 'mine' });
    expect((await call('/v1/classify', json({ text: 'bad', config: 'mine' }))).body).toMatchObject({ label: 'neg' });
    expect((await call('/v1/configs/mine', { method: 'DELETE' })).status).toBe(204);
    expect((await call('/v1/configs/mine')).body).toMatchObject({ status: 404, code: 'config_not_found', field: 'name' });
  });

  it('evaluate: accuracy and the confusion matrix of the rows', async () => {
    const rows = [
      { text: 'good', label: 'pos' },
      { text: 'bad', label: 'pos' },
      { text: 'bad', label: 'neg' },
    ];
    await call('/v1/configs/ev', json({ task: 'classify', ...sentiment }, 'PUT'));
    const { status, body } = await call('/v1/evaluate', json({ config: 'ev', rows }));
    expect(status).toBe(200);
    expect(body).toMatchObject({
      n: 3,
      metrics: {
        accuracy: expect.closeTo(2 / 3, 9),
        labels: ['pos', 'neg'],
        confusion: [
          [1, 1],
          [0, 1],
        ],
      },
    });
  });

  it.each([
    [
      'a template without [MASK]',
      '/v1/classify',
      json({ text: 'x', template: '{text} It was.', verbalizer: sentiment.verbalizer }),
      422,
      'template_missing_mask',
      'template',
    ],
    [
      'a label word the model cannot spell',
      '/v1/classify',
      json({ text: 'x', ...sentiment, verbalizer: { pos: ['☃'], neg: ['bad'] } }),
      422,
      'label_word_unknown',
      'verbalizer.pos[0]',
    ],
    ['an unknown config', '/v1/classify', json({ text: 'x', config: 'nope' }), 404, 'config_not_found', 'config'],
    ['malformed JSON', '/v1/classify', json('{"text": '), 400, 'invalid_json', 'body'],
    [
      'a body that is not JSON',
      '/v1/classify',
      { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' },
      415,
      'unsupported_media_type',
      'content-type',
    ],
    ['a preset written to', '/v1/configs/sentiment', json({ task: 'classify', ...sentiment }, 'PUT'), 409, 'config_read_only', undefined],
    ['an unknown route', '/v1/nothing', undefined, 404, 'not_found', 'path'],
  ])('%s: problem+json with status, code and field', async (_, path, init, status, code, field) => {
    const res = await call(path, init);
    expect(res.status).toBe(status);
    expect(res.type).toBe('application/problem+json');
    expect(res.body).toMatchObject({ status, code, ...(field ? { field } : {}) });
  });
});
