import fc from 'fast-check';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyResponse, fillMaskResponse, nerResponse } from '../../src/http/schemas/tasks.js';
import { nodeApp, tempDir } from '../support/app.js';

/**
 * Property-based input (fast-check) against the real app on the real model: whatever the
 * body, the answer is a 4xx problem+json or a 200 that matches the response schema, never a
 * 5xx or a crash. Bodies are built from the fields the API knows, with hostile values.
 */
let app: OpenAPIHono;
beforeAll(async () => {
  app = nodeApp(await tempDir('cloze-prop-'));
});

const words = fc.constantFrom(
  'good',
  'bad',
  'great',
  'person',
  'city',
  'human being',
  '☃',
  '',
  ' ',
  '[MASK]',
  '__proto__',
  'constructor',
  'A-B-C-D-E-F',
  'x'.repeat(60),
);
const textPiece = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('John', 'Paris', 'United Nations', '[MASK]', '[CLS]', '{text}', '\u0000', '🦄', `${'A-'.repeat(70)}B`, 'Mary-Jane', '.', ','),
);
const text = fc.array(textPiece, { maxLength: 12 }).map((parts) => parts.join(' '));
const templatePiece = fc.constantFrom('{text}', '{span}', '[MASK]', ' It was ', ' is a ', '{', '}', '{{', '}}', '{other}', ' ', 'x'.repeat(30));
const template = fc.array(templatePiece, { maxLength: 6 }).map((p) => p.join(''));
const wordMap = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'person', '__none__', 'constructor', 'toString', ''), fc.array(words, { maxLength: 3 }), {
  maxKeys: 4,
});
const anyValue = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.string({ maxLength: 8 }), fc.array(fc.integer(), { maxLength: 2 }));

/** Mostly absent or well-typed, sometimes a value of the wrong type. */
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(fc.oneof({ arbitrary: arb, weight: 4 }, { arbitrary: anyValue, weight: 1 }), { nil: undefined, freq: 2 });
/** `text` or `texts` (the valid shapes) most of the time, both or neither sometimes. */
const textFields = fc.oneof(
  { arbitrary: text.map((t) => ({ text: t })), weight: 3 },
  { arbitrary: fc.array(text, { minLength: 1, maxLength: 4 }).map((texts) => ({ texts })), weight: 2 },
  { arbitrary: fc.record({ text: maybe(text), texts: maybe(fc.array(text, { maxLength: 4 })) }, { requiredKeys: [] }), weight: 1 },
);
const shared = {
  template: maybe(template),
  config: maybe(fc.constantFrom('sentiment', 'topic', 'question', 'ner', 'nope', 'UPPER', '../etc')),
};
const withText = <T extends object>(arb: fc.Arbitrary<T>) => fc.tuple(textFields, arb).map(([t, b]) => ({ ...b, ...t }));
const classifyBody = withText(
  fc.record(
    {
      ...shared,
      verbalizer: maybe(wordMap),
      options: maybe(fc.record({ aggregation: maybe(fc.constantFrom('sum', 'mean_logprob', 'max')), calibrate: maybe(fc.boolean()) }, { requiredKeys: [] })),
      calibrate: maybe(fc.boolean()),
      explain: maybe(fc.oneof(fc.boolean(), fc.integer({ min: -2, max: 60 }))),
    },
    { requiredKeys: [] },
  ),
);
const nerBody = withText(
  fc.record(
    {
      ...shared,
      types: maybe(wordMap),
      options: maybe(
        fc.record(
          {
            max_spans: maybe(fc.integer({ min: -1, max: 300 })),
            max_span_words: maybe(fc.integer({ min: 0, max: 9 })),
            threshold: maybe(fc.double({ min: -1, max: 2, noNaN: true })),
            context_words: maybe(fc.integer({ min: -1, max: 300 })),
            capitalized: maybe(fc.boolean()),
            none_words: maybe(fc.array(words, { maxLength: 2 })),
            calibrate: maybe(fc.boolean()),
          },
          { requiredKeys: [] },
        ),
      ),
    },
    { requiredKeys: [] },
  ),
);
const fillMaskBody = fc.record(
  { text: maybe(text.map((t) => `${t} [MASK]`)), top_k: maybe(fc.integer({ min: -1, max: 120 })), targets: maybe(fc.array(words, { maxLength: 3 })) },
  { requiredKeys: [] },
);

const seen = new Map<string, Set<number>>();

async function answersSanely(path: string, body: unknown, schema: { safeParse(v: unknown): { success: boolean } }): Promise<void> {
  const res = await app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  seen.set(path, (seen.get(path) ?? new Set()).add(res.status));
  expect(res.status, `${path} ${JSON.stringify(body).slice(0, 300)}`).toBeLessThan(500);
  const payload = (await res.json()) as Record<string, unknown>;
  if (res.status === 200) {
    expect(schema.safeParse(payload).success, JSON.stringify(payload).slice(0, 300)).toBe(true);
  } else {
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(payload.code).toMatch(/^[a-z_]+$/);
  }
}

const runs = { numRuns: 40, seed: 1101, endOnFailure: true };

describe('property: every input gets a 4xx or a valid answer', () => {
  it('POST /v1/classify', async () => {
    await fc.assert(
      fc.asyncProperty(classifyBody, (b) => answersSanely('/v1/classify', b, classifyResponse)),
      runs,
    );
    expect([...seen.get('/v1/classify')!]).toEqual(expect.arrayContaining([200, 422])); // the generators reach both outcomes
  }, 180_000);

  it('POST /v1/ner', async () => {
    await fc.assert(
      fc.asyncProperty(nerBody, (b) => answersSanely('/v1/ner', b, nerResponse)),
      runs,
    );
    expect([...seen.get('/v1/ner')!]).toEqual(expect.arrayContaining([200, 422]));
  }, 180_000);

  it('POST /v1/fill-mask', async () => {
    await fc.assert(
      fc.asyncProperty(fillMaskBody, (b) => answersSanely('/v1/fill-mask', b, fillMaskResponse)),
      runs,
    );
    expect([...seen.get('/v1/fill-mask')!]).toEqual(expect.arrayContaining([200, 422]));
  }, 180_000);

  it('any JSON value to any endpoint, and PUT /v1/configs/{name}', async () => {
    const path = fc.constantFrom('/v1/classify', '/v1/ner', '/v1/fill-mask');
    await fc.assert(
      fc.asyncProperty(path, fc.jsonValue({ maxDepth: 3 }), async (p, body) => {
        const res = await app.request(p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        expect(res.status).toBeLessThan(500);
      }),
      { ...runs, numRuns: 60 },
    );
    const configDoc = fc.record(
      { task: maybe(fc.constantFrom('classify', 'ner')), template: maybe(template), verbalizer: maybe(wordMap), types: maybe(wordMap) },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('prop-a', 'prop-b'), configDoc, async (name, doc) => {
        const res = await app.request(`/v1/configs/${name}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(doc) });
        expect([200, 201, 400, 404, 409, 412, 413, 415, 422]).toContain(res.status);
      }),
      { ...runs, numRuns: 40 },
    );
  }, 180_000);
});
