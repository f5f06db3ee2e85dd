import type { OpenAPIHono } from '@hono/zod-openapi';
import { beforeAll, describe, expect, it } from 'vitest';
import { json, nodeApp, tempDir } from '../support/app.js';

/** Inputs the hostile pass found accepted: each is now a 422 (413 wording fixed) naming the field. */
let app: OpenAPIHono;
beforeAll(async () => {
  app = nodeApp(await tempDir('cloze-gaps-'));
});

const problem = async (res: Response) => ({ status: res.status, ...((await res.json()) as { code: string; field?: string; detail: string }) });
const nerConfig = { task: 'ner', template: '{text} {span} is a [MASK].', types: { person: ['person'], location: ['place', 'city'] } };

describe('validation gaps', () => {
  it('/v1/evaluate refuses NER gold entities past the text, reversed, empty, or of an unknown type', async () => {
    expect((await app.request('/v1/configs/gold', json(nerConfig, 'PUT'))).status).toBe(201);
    const rows = (entity: Record<string, unknown>) => ({
      config: 'gold',
      rows: [{ text: 'John went to Paris.', entities: [{ start: 0, end: 4, type: 'person' }, entity] }],
    });
    for (const [entity, field] of [
      [{ start: 13, end: 99, type: 'location' }, 'rows[0].entities[1].end'],
      [{ start: 18, end: 13, type: 'location' }, 'rows[0].entities[1].end'],
      [{ start: 13, end: 13, type: 'location' }, 'rows[0].entities[1].end'],
      [{ start: 13, end: 18, type: 'planet' }, 'rows[0].entities[1].type'],
      [{ start: 13, end: 18, type: '__none__' }, 'rows[0].entities[1].type'],
    ] as const) {
      expect(await problem(await app.request('/v1/evaluate', json(rows(entity))))).toMatchObject({ status: 422, code: 'validation_failed', field });
    }
    expect((await app.request('/v1/evaluate', json(rows({ start: 13, end: 18, type: 'location' })))).status).toBe(200);
  });

  it('"__none__" is not accepted as an NER type name', async () => {
    const res = await app.request('/v1/configs/nonetype', json({ ...nerConfig, types: { ...nerConfig.types, __none__: ['thing'] } }, 'PUT'));
    expect(await problem(res)).toMatchObject({ status: 422, field: 'types.__none__' });
    const inline = await app.request(
      '/v1/ner',
      json({ text: 'John went to Paris.', template: nerConfig.template, types: { __none__: ['thing'], person: ['person'] } }),
    );
    expect(await problem(inline)).toMatchObject({ status: 422, field: 'types.__none__' });
  });

  it('the same word in two classes is refused (it pinned both at 0.5)', async () => {
    const res = await app.request(
      '/v1/classify',
      json({ text: 'A fine film.', template: '{text} It was [MASK].', verbalizer: { a: ['good', 'great'], b: ['bad', 'Good'] } }),
    );
    expect(await problem(res)).toMatchObject({ status: 422, code: 'validation_failed', field: 'verbalizer.b[1]' });
    const put = await app.request('/v1/configs/dup', json({ ...nerConfig, types: { person: ['person'], location: ['person'] } }, 'PUT'));
    expect(await problem(put)).toMatchObject({ status: 422, field: 'types.location[0]' });
  });

  it('duplicate fill-mask targets are refused instead of answered twice', async () => {
    const res = await app.request('/v1/fill-mask', json({ text: 'It was a [MASK] day.', targets: ['good', 'bad', 'good'] }));
    expect(await problem(res)).toMatchObject({ status: 422, code: 'target_word_invalid', field: 'targets[2]' });
    expect((await app.request('/v1/fill-mask', json({ text: 'It was a [MASK] day.', targets: ['good', 'bad'] }))).status).toBe(200);
  });

  it('a NUL (or another control character) inside a template is refused', async () => {
    for (const template of ['{text} It was\u0000 [MASK].', '{text}\u001b It was [MASK].']) {
      const res = await app.request('/v1/classify', json({ text: 'A fine film.', template, verbalizer: { a: ['good'], b: ['bad'] } }));
      expect(await problem(res)).toMatchObject({ status: 422, field: 'template' });
    }
    expect(
      (await app.request('/v1/classify', json({ text: 'A fine film.', template: '{text}\n\tIt was [MASK].', verbalizer: { a: ['good'], b: ['bad'] } }))).status,
    ).toBe(200);
  });

  it('the 413 for NER counts span prompts (spans × context views), not "candidate spans"', async () => {
    const text = Array.from({ length: 60 }, (_, i) => `Name${i} Person${i}`).join(' and ');
    const res = await app.request(
      '/v1/ner',
      json({
        texts: Array(16).fill(text),
        template: nerConfig.template,
        types: nerConfig.types,
        options: { max_spans: 256, spans: 'ngrams', context_ensemble: [4, 8] },
      }),
    );
    const body = await problem(res);
    expect(body.status).toBe(413);
    expect(body.detail).toMatch(/span prompts \(candidate spans × context views\)/);
  });
});
