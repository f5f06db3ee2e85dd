import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DURABLE_STORE_KIND } from '../../src/runtime/workerd/env-config-store.js';
import { startWorker, type WorkerServer } from '../../tools/worker/wrangler-dev.js';

/**
 * The HTTP API inside real workerd: the Worker is built as for deployment and served by
 * `wrangler dev` (local workerd, static assets, local KV) on loopback. Nothing is mocked.
 */
let server: WorkerServer;
beforeAll(async () => {
  server = await startWorker();
});
afterAll(async () => {
  await server?.stop();
});

const send = async (method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Response> => {
  try {
    return await fetch(`${server.url}${path}`, {
      method,
      signal: AbortSignal.timeout(60_000),
      ...(body === undefined ? {} : { headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  } catch (err) {
    throw new Error(`${method} ${path}: ${String(err)}\n--- wrangler log ---\n${server.log().slice(-3000)}`);
  }
};
const post = (path: string, body: unknown): Promise<Response> => send('POST', path, body);

async function problem(res: Response, status: number, code: string): Promise<Record<string, unknown>> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status, code, type: `https://cloze-edge.dev/problems/${code}` });
  expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/);
  return body;
}

interface ClassifyResult {
  label: string;
  scores: Record<string, number>;
  truncated: boolean;
}

function expectDistribution(r: ClassifyResult, labels: string[]): void {
  expect(Object.keys(r.scores).sort()).toEqual([...labels].sort());
  const values = Object.values(r.scores);
  for (const v of values) expect(v).toBeGreaterThanOrEqual(0);
  expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  expect(r.scores[r.label]).toBe(Math.max(...values));
}

describe('model lifecycle in the isolate', () => {
  it('loads the model once for concurrent first requests, from the masked quantized graph', async () => {
    const texts = ['What a wonderful day.', 'That was a waste of time.', 'The service was fine.', 'Never again.'];
    const answers = await Promise.all(texts.map((text) => post('/v1/classify', { text, config: 'sentiment' })));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    await Promise.all(answers.map((r) => r.text())); // unread bodies would hold connections open
    await new Promise((r) => setTimeout(r, 500)); // let wrangler's log catch up
    expect(server.log().match(/cloze-edge: model loaded/g)).toHaveLength(1);

    const ready = await send('GET', '/readyz');
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { status: string; model: Record<string, unknown> };
    expect(body.status).toBe('ready');
    expect(body.model.id).toBe('cloze-bert-mini#onnx/model_masked_quantized.onnx');
    expect(body.model.config_store).toBe(DURABLE_STORE_KIND);
    expect(body.model.wasm_memory_bytes).toBeGreaterThan(0);
  });

  it("serves /docs with Scalar's pinned bundle from the static assets (no CDN)", async () => {
    const page = await (await send('GET', '/docs')).text();
    expect(page).toContain('src="docs/scalar.js"');
    const script = await send('GET', '/docs/scalar.js');
    expect(script.status).toBe(200);
    expect((await script.text()).slice(0, 400)).toContain('@scalar/api-reference');
  });

  it('answers healthz', async () => {
    const res = await send('GET', '/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});

describe('tasks on the default model', () => {
  it('fill-mask: top_k predictions per mask, sorted, probabilities', async () => {
    const res = await post('/v1/fill-mask', { text: 'paris is the [MASK] of france and [MASK] is in germany.', top_k: 4 });
    expect(res.status).toBe(200);
    const { predictions } = (await res.json()) as { predictions: { token: string; token_id: number; score: number }[][] };
    expect(predictions).toHaveLength(2);
    for (const list of predictions) {
      expect(list).toHaveLength(4);
      for (const p of list) {
        expect(Number.isInteger(p.token_id)).toBe(true);
        expect(p.token.length).toBeGreaterThan(0);
        expect(p.score).toBeGreaterThan(0);
        expect(p.score).toBeLessThanOrEqual(1);
      }
      const scores = list.map((p) => p.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
  });

  it('classify (sentiment preset): one text and a batch, scores are a distribution', async () => {
    const one = await post('/v1/classify', { text: 'I really like the film a lot.', config: 'sentiment' });
    expect(one.status).toBe(200);
    expectDistribution((await one.json()) as ClassifyResult, ['positive', 'negative']);

    const texts = Array.from({ length: 20 }, (_, i) => `Review ${i}: the plot was thin but the acting was great.`);
    const many = await post('/v1/classify', { texts, config: 'sentiment' });
    expect(many.status).toBe(200);
    const { results } = (await many.json()) as { results: ClassifyResult[] };
    expect(results).toHaveLength(20);
    for (const r of results) expectDistribution(r, ['positive', 'negative']);
  });

  it('ner: the preset, and an inline config with threshold 0; entities slice back to their text', async () => {
    const text = 'John Smith flew from Paris to Berlin with Lufthansa and met Angela Merkel.';
    const types = { person: ['person', 'man', 'woman'], location: ['city', 'country', 'place'], organization: ['company', 'organization'] };
    const requests = [{ text }, { text, template: '{text} {span} is a type of [MASK].', types, options: { threshold: 0 } }];
    for (const [i, request] of requests.entries()) {
      const res = await post('/v1/ner', request);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { entities: { text: string; type: string; start: number; end: number; score: number }[]; truncated: boolean };
      expect(body.truncated).toBe(false);
      expect(Array.isArray(body.entities)).toBe(true);
      // Without none-words and with threshold 0, every candidate span gets a type.
      if (i === 1) expect(body.entities.length).toBeGreaterThan(0);
      for (const e of body.entities) {
        expect(text.slice(e.start, e.end)).toBe(e.text);
        expect(['person', 'location', 'organization', 'misc']).toContain(e.type);
        expect(e.score).toBeGreaterThanOrEqual(0);
        expect(e.score).toBeLessThanOrEqual(1);
      }
      const starts = body.entities.map((e) => e.start);
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
    }
  });
});

describe('a warm isolate under concurrent requests', () => {
  it('answers mixed concurrent classify, NER and fill-mask calls on one ONNX session', async () => {
    const calls = [
      ...Array.from({ length: 8 }, (_, i) => post('/v1/classify', { text: `Concurrent review ${i} was fine.`, config: 'sentiment' })),
      ...Array.from({ length: 3 }, (_, i) => post('/v1/ner', { text: `Maria Lopez ${i} moved to Madrid.` })),
      ...Array.from({ length: 3 }, (_, i) => post('/v1/fill-mask', { text: `${i}: paris is the [MASK] of france.` })),
    ];
    const answers = await Promise.all(calls);
    const texts = await Promise.all(answers.map((r) => r.text())); // read all: unread bodies hold connections
    const failures = answers.flatMap((r, i) => (r.status === 200 ? [] : [`${r.status} ${texts[i]!.slice(0, 300)}`]));
    expect(failures, server.log().slice(-2000)).toEqual([]);
    for (const t of texts.slice(0, 8)) expectDistribution(JSON.parse(t) as ClassifyResult, ['positive', 'negative']);
  });
});

describe('configs in Workers KV', () => {
  const doc = {
    task: 'classify',
    template: '{text} All in all, it was [MASK].',
    verbalizer: { good: ['good', 'great'], bad: ['bad', 'awful'] },
  };

  it('PUT creates, GET reads, PUT replaces, the config runs, DELETE removes', async () => {
    const created = await send('PUT', '/v1/configs/edge-review', doc);
    expect(created.status).toBe(201);
    const stored = (await created.json()) as { name: string; hash: string; preset: boolean };
    expect(stored).toMatchObject({ name: 'edge-review', preset: false });

    const got = await send('GET', '/v1/configs/edge-review');
    expect(got.status).toBe(200);
    expect(await got.json()).toMatchObject({ name: 'edge-review', hash: stored.hash, config: { template: doc.template } });

    const listed = (await (await send('GET', '/v1/configs')).json()) as { configs: { name: string; preset: boolean }[] };
    expect(listed.configs.find((c) => c.name === 'edge-review')).toMatchObject({ preset: false });
    expect(listed.configs.find((c) => c.name === 'sentiment')).toMatchObject({ preset: true });

    const run = await post('/v1/classify', { text: 'The soup was cold.', config: 'edge-review' });
    expect(run.status).toBe(200);
    expectDistribution((await run.json()) as ClassifyResult, ['good', 'bad']);

    const replaced = await send('PUT', '/v1/configs/edge-review', { ...doc, verbalizer: { good: ['good'], bad: ['bad'] } });
    expect(replaced.status).toBe(200);
    expect(((await replaced.json()) as { hash: string }).hash).not.toBe(stored.hash);

    expect((await send('DELETE', '/v1/configs/edge-review')).status).toBe(204);
    await problem(await send('GET', '/v1/configs/edge-review'), 404, 'config_not_found');
    await problem(await send('DELETE', '/v1/configs/edge-review'), 404, 'config_not_found');
  });

  it('presets are read-only', async () => {
    await problem(await send('PUT', '/v1/configs/sentiment', doc), 409, 'config_read_only');
  });
});

describe('errors are problem+json', () => {
  it('malformed JSON → 400 invalid_json', async () => {
    await problem(await send('POST', '/v1/classify', '{"text": "oops"'), 400, 'invalid_json');
  });

  it('unknown config → 404 config_not_found', async () => {
    const body = await problem(await post('/v1/classify', { text: 'hello', config: 'no-such-config' }), 404, 'config_not_found');
    expect(body.field).toBe('config');
  });

  it('not JSON → 415, unknown route → 404', async () => {
    await problem(await send('POST', '/v1/classify', 'text=hello', 'application/x-www-form-urlencoded'), 415, 'unsupported_media_type');
    await problem(await send('GET', '/v1/nothing-here'), 404, 'not_found');
  });
});
