import { beforeAll, describe, expect, it } from 'vitest';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { PRESETS } from '../../src/core/config/presets.js';
import { json, nodeApp, tempDir } from '../support/app.js';

let app: OpenAPIHono;
let dir: string;
beforeAll(async () => {
  dir = await tempDir('cloze-api-');
  app = nodeApp(dir);
});

async function problem(res: Response, status: number, code: string, field?: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status, code, type: `https://cloze-edge.dev/problems/${code}` });
  if (field !== undefined) expect(body.field).toBe(field);
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/); // no stack traces
  return body;
}

describe('health', () => {
  it('answers healthz, and readyz once the model is loaded', async () => {
    expect((await app.request('/healthz')).status).toBe(200);
    await app.request('/v1/fill-mask', json({ text: 'a [MASK].' }));
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
  });
});

describe('POST /v1/fill-mask', () => {
  it('returns one list of {token, token_id, score} per mask', async () => {
    const res = await app.request('/v1/fill-mask', json({ text: 'natural language processing is a [MASK] technology.', top_k: 4 }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { predictions: { token: string; token_id: number; score: number }[][] };
    expect(body.predictions).toHaveLength(1);
    expect(body.predictions[0]).toHaveLength(4);
    expect(Object.keys(body.predictions[0]![0]!).sort()).toEqual(['score', 'token', 'token_id']);
  });

  it('rejects text without a mask and a too-large top_k', async () => {
    await problem(await app.request('/v1/fill-mask', json({ text: 'no mask' })), 422, 'text_missing_mask', 'text');
    await problem(await app.request('/v1/fill-mask', json({ text: '[MASK]', top_k: 1000 })), 422, 'validation_failed', 'top_k');
  });

  it('answers 413 for a text longer than the model allows', async () => {
    await problem(await app.request('/v1/fill-mask', json({ text: `${'word '.repeat(400)}[MASK]` })), 413, 'input_too_long', 'text');
  });
});

describe('POST /v1/classify', () => {
  it('classifies the seed examples with the sentiment preset by default', async () => {
    for (const text of ['I really like the film a lot.', 'this movie makes me very disgusting.']) {
      const res = await app.request('/v1/classify', json({ text }));
      expect(res.status).toBe(200);
      const body = (await res.json()) as { label: string; scores: Record<string, number>; truncated: boolean };
      expect(['positive', 'negative']).toContain(body.label);
      expect(body.scores.positive! + body.scores.negative!).toBeCloseTo(1, 6);
      expect(body.truncated).toBe(false);
    }
  });

  it('answers `texts` with `results`, and explains on request', async () => {
    const res = await app.request('/v1/classify', json({ texts: ['great', 'awful', 'fine'], config: 'sentiment', explain: 3 }));
    const body = (await res.json()) as { results: { label: string; predictions: unknown[] }[] };
    expect(body.results).toHaveLength(3);
    expect(body.results[0]!.predictions).toHaveLength(3);
  });

  it('takes an inline template and verbalizer, and says when the text was truncated', async () => {
    const res = await app.request(
      '/v1/classify',
      json({ text: 'lorem ipsum '.repeat(300), template: 'Topic: [MASK]. {text}', verbalizer: { sport: ['sports'], tech: ['computer'] }, calibrate: true }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ truncated: true });
  });

  it('answers problems for bad input', async () => {
    await problem(await app.request('/v1/classify', json('{"text": ')), 400, 'invalid_json', 'body');
    await problem(await app.request('/v1/classify', json({})), 422, 'validation_failed', 'text');
    await problem(await app.request('/v1/classify', json({ text: 5 })), 422, 'validation_failed', 'text');
    await problem(
      await app.request('/v1/classify', json({ text: 'x', template: '{text} no mask', verbalizer: { a: ['good'], b: ['bad'] } })),
      422,
      'template_missing_mask',
      'template',
    );
    await problem(
      await app.request('/v1/classify', json({ text: 'x', template: '{text} [MASK]', verbalizer: { a: ['good'], b: ['☃'] } })),
      422,
      'label_word_unknown',
      'verbalizer.b[0]',
    );
    await problem(await app.request('/v1/classify', json({ text: 'x', config: 'nope' })), 404, 'config_not_found', 'config');
    await problem(await app.request('/v1/classify', json({ text: 'x', config: 'ner' })), 422, 'config_task_mismatch', 'config');
    await problem(await app.request('/v1/classify', { method: 'POST', body: 'text=x' }), 415, 'unsupported_media_type');
    await problem(await app.request('/v1/classify', json({ text: 'x'.repeat(600_000) })), 413, 'payload_too_large');
    await problem(await app.request('/v1/classify', json({ texts: Array(65).fill('x') })), 422, 'validation_failed', 'texts');
    await problem(await app.request('/v1/nope'), 404, 'not_found');
  });
});

describe('POST /v1/ner', () => {
  it('returns entities with character offsets into the text', async () => {
    const text = 'John went to Paris to visit the University.';
    const res = await app.request('/v1/ner', json({ text, options: undefined }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { entities: { text: string; type: string; start: number; end: number; score: number }[] };
    const preset = PRESETS.get('ner')!;
    const threshold = preset.task === 'ner' ? preset.options.threshold : NaN;
    expect(body.entities.length).toBeGreaterThan(0);
    for (const e of body.entities) {
      expect(text.slice(e.start, e.end)).toBe(e.text);
      expect(['person', 'location', 'organization', 'misc']).toContain(e.type);
      expect(e.score).toBeGreaterThanOrEqual(threshold);
    }
  });

  it('takes inline types and answers `texts` with `results`', async () => {
    const res = await app.request(
      '/v1/ner',
      json({
        texts: ['Anna met Bob.', 'Rome'],
        template: '{text} {span} is a [MASK].',
        types: { person: ['person'], place: ['city'] },
        options: { threshold: 0 },
      }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: { entities: { type: string }[] }[] };
    expect(body.results).toHaveLength(2);
    expect(body.results[1]!.entities).toHaveLength(1);
  });

  it('rejects a template without {span}', async () => {
    await problem(
      await app.request('/v1/ner', json({ text: 'x', template: '{text} is a [MASK].', types: { person: ['person'] } })),
      422,
      'template_missing_placeholder',
      'template',
    );
  });
});

describe('configs', () => {
  const doc = { task: 'classify', template: 'Review: {text} Verdict: [MASK].', verbalizer: { yes: ['good'], no: ['bad'] } };

  it('lists presets', async () => {
    const body = (await (await app.request('/v1/configs')).json()) as { configs: { name: string; preset: boolean }[] };
    expect(body.configs.filter((c) => c.preset).map((c) => c.name)).toEqual(expect.arrayContaining(['sentiment', 'topic', 'ner']));
  });

  it('PUT validates, compiles and stores; GET, use, DELETE', async () => {
    const put = await app.request('/v1/configs/verdict', json(doc, 'PUT'));
    expect(put.status).toBe(201);
    const stored = (await put.json()) as { hash: string; config: { options: unknown } };
    expect(stored.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(stored.config.options).toEqual({ aggregation: 'sum', calibrate: false });
    expect((await app.request('/v1/configs/verdict', json(doc, 'PUT'))).status).toBe(200);
    expect((await app.request('/v1/configs/verdict')).status).toBe(200);
    const used = await app.request('/v1/classify', json({ text: 'good', config: 'verdict' }));
    expect(Object.keys(((await used.json()) as { scores: object }).scores)).toEqual(['yes', 'no']);
    expect((await app.request('/v1/configs/verdict', { method: 'DELETE' })).status).toBe(204);
    await problem(await app.request('/v1/configs/verdict'), 404, 'config_not_found', 'name');
    await problem(await app.request('/v1/configs/verdict', { method: 'DELETE' }), 404, 'config_not_found', 'name');
  });

  it('never stores a config that cannot run, and keeps the old one', async () => {
    await app.request('/v1/configs/keep', json(doc, 'PUT'));
    await problem(await app.request('/v1/configs/keep', json({ ...doc, template: 'no mask {text}' }, 'PUT')), 422, 'template_missing_mask', 'template');
    await problem(
      await app.request('/v1/configs/keep', json({ ...doc, verbalizer: { a: ['☃'], b: ['x'] } }, 'PUT')),
      422,
      'label_word_unknown',
      'verbalizer.a[0]',
    );
    await problem(await app.request('/v1/configs/keep', json({ task: 'classify' }, 'PUT')), 422, 'validation_failed');
    const kept = (await (await app.request('/v1/configs/keep')).json()) as { config: { template: string } };
    expect(kept.config.template).toBe(doc.template);
  });

  it('protects presets and bad names', async () => {
    await problem(await app.request('/v1/configs/sentiment', json(doc, 'PUT')), 409, 'config_read_only');
    await problem(await app.request('/v1/configs/sentiment', { method: 'DELETE' }), 409, 'config_read_only');
    await problem(await app.request('/v1/configs/Bad%20Name'), 422, 'validation_failed', 'name');
  });

  it('survives a restart (file store)', async () => {
    await app.request('/v1/configs/durable', json(doc, 'PUT'));
    const again = nodeApp(dir);
    expect((await again.request('/v1/configs/durable')).status).toBe(200);
  });
});

describe('openapi', () => {
  it('serves a document generated from the route schemas, and a docs page', async () => {
    const spec = (await (await app.request('/openapi.json')).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/v1/fill-mask', '/v1/classify', '/v1/ner', '/v1/configs', '/v1/configs/{name}']));
    const docs = await app.request('/docs');
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('openapi.json');
  });
});
