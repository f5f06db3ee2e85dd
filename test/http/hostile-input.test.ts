import { beforeAll, describe, expect, it } from 'vitest';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { json, nodeApp, tempDir } from '../support/app.js';

let app: OpenAPIHono;
beforeAll(async () => {
  app = nodeApp(await tempDir('cloze-hostile-'));
});

/** Bodies a careless or hostile caller may send: every one must get a 2xx or a 4xx problem, never a 5xx. */
const CASES: [string, string, unknown][] = [
  ['/v1/classify', 'null', null],
  ['/v1/classify', 'array', [1, 2]],
  ['/v1/classify', 'string', JSON.stringify('text')],
  ['/v1/classify', 'empty text', { text: '' }],
  ['/v1/classify', 'both text and texts', { text: 'a', texts: ['b'] }],
  ['/v1/classify', 'empty texts', { texts: [] }],
  ['/v1/classify', 'emoji only', { text: '🦄🦄🦄' }],
  ['/v1/classify', 'control chars', { text: '\u0000\u0001\u200b' }],
  ['/v1/classify', 'special tokens in text', { text: '[CLS] [SEP] [PAD] [MASK] [UNK]' }],
  ['/v1/classify', 'long template', { text: 'x', template: `{text} ${'word '.repeat(190)}[MASK]`, verbalizer: { a: ['good'], b: ['bad'] } }],
  ['/v1/classify', 'config and inline', { text: 'x', config: 'sentiment', template: '{text} [MASK]', verbalizer: { a: ['good'], b: ['bad'] } }],
  ['/v1/classify', 'inline without words', { text: 'x', template: '{text} [MASK]' }],
  ['/v1/classify', 'one label', { text: 'x', template: '{text} [MASK]', verbalizer: { a: ['good'] } }],
  ['/v1/classify', 'empty label word', { text: 'x', template: '{text} [MASK]', verbalizer: { a: ['good'], b: ['   '] } }],
  ['/v1/classify', 'punctuation label word', { text: 'x', template: '{text} [MASK]', verbalizer: { a: ['!'], b: ['?'] } }],
  ['/v1/classify', 'options for a preset', { text: 'x', options: { calibrate: true } }],
  ['/v1/classify', 'bad aggregation', { text: 'x', template: '{text} [MASK]', verbalizer: { a: ['good'], b: ['bad'] }, options: { aggregation: 'max' } }],
  ['/v1/classify', 'explain too big', { text: 'x', explain: 10_000 }],
  ['/v1/classify', 'prototype keys', '{"text":"x","template":"{text} [MASK]","verbalizer":{"__proto__":["good"],"constructor":["bad"]}}'],
  ['/v1/classify', 'truncated JSON', '{"text": "x", "verbalizer": {'],
  ['/v1/ner', 'no words', { text: '. , ; !' }],
  ['/v1/ner', 'all capitals', { text: 'LEICESTERSHIRE TAKE OVER AT TOP AFTER INNINGS VICTORY' }],
  ['/v1/ner', 'many names', { text: Array.from({ length: 300 }, (_, i) => `Name${i}`).join(' ') }],
  ['/v1/ner', 'max_spans too big', { text: 'John', options: { max_spans: 100_000 } }],
  ['/v1/ner', 'template with two masks', { text: 'x', template: '{span} [MASK] [MASK]', types: { a: ['person'] } }],
  ['/v1/fill-mask', 'only masks', { text: '[MASK] [MASK] [MASK]' }],
  ['/v1/fill-mask', 'too many masks', { text: '[MASK] '.repeat(40) }],
  ['/v1/fill-mask', 'targets with unknown', { text: '[MASK]', targets: ['☃'] }],
  ['/v1/fill-mask', 'top_k zero', { text: '[MASK]', top_k: 0 }],
  ['/v1/fill-mask', 'fractional top_k', { text: '[MASK]', top_k: 2.5 }],
];

describe('hostile input never produces a 5xx', () => {
  it.each(CASES)('%s: %s', async (path, _name, body) => {
    // strings are sent as raw bodies, anything else as its JSON
    const res = await app.request(path, json(typeof body === 'string' ? body : JSON.stringify(body)));
    expect(res.status).toBeLessThan(500);
    if (res.status >= 400) {
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const p = (await res.json()) as { code: string };
      expect(p.code).toMatch(/^[a-z_]+$/);
    }
  });

  it('names the template when it leaves no room for the text', async () => {
    const res = await app.request(
      '/v1/classify',
      json({ text: 'x', template: `{text} ${'word '.repeat(190)}[MASK]`, verbalizer: { a: ['good'], b: ['bad'] } }),
    );
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'template_too_long', field: 'template' });
  });
});
