import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { startWorker, type WorkerServer } from '../../tools/worker/wrangler-dev.js';
import { json, nodeApp, tempDir } from '../support/app.js';

/**
 * A fitted config answers the same on Node (onnxruntime-node) and inside real workerd
 * (onnxruntime-web WASM, Workers KV via wrangler dev): the learned state travels inside the
 * config document, under the same content hash.
 */
let server: WorkerServer;
let node: OpenAPIHono;
beforeAll(async () => {
  node = nodeApp(await tempDir('cloze-fewshot-wd-'));
  server = await startWorker();
  // Load the model in the isolate before the timed-out requests below.
  expect((await worker('/v1/classify', json({ text: 'warm up' }))).status).toBe(200);
});
afterAll(async () => {
  await server?.stop();
});

/** A request to the Worker; an answer that is not JSON fails with wrangler's log attached. */
async function worker(path: string, init?: RequestInit): Promise<Response> {
  const res = await fetch(`${server.url}${path}`, { ...init, signal: AbortSignal.timeout(60_000) });
  if (!/json/.test(res.headers.get('content-type') ?? ''))
    throw new Error(`${init?.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}\n--- wrangler log ---\n${server.log().slice(-3000)}`);
  return res;
}

const examples = [
  ['Stocks fell as the bank raised interest rates.', 'business'],
  ['The company reported record quarterly profits.', 'business'],
  ['Oil prices climbed on supply worries.', 'business'],
  ['Shares of the retailer jumped after earnings.', 'business'],
  ['The striker scored twice in the cup final.', 'sports'],
  ['The coach praised his team after the win.', 'sports'],
  ['She won the tennis title in straight sets.', 'sports'],
  ['The quarterback threw three touchdowns.', 'sports'],
].map(([text, label]) => ({ text: text!, label: label! }));
const config = { task: 'classify', template: '{text} Topic: [MASK].', verbalizer: { business: ['business'], sports: ['sports'] }, examples };
const texts = ['The market rallied after the report.', 'The team lost the match at home.', 'Investors bought bonds.', 'He ran the marathon in record time.'];

interface Stored {
  hash: string;
  config: { learned?: { method: string; fit: { fitted_on: string } } };
}
interface Results {
  results: { label: string; scores: Record<string, number> }[];
}

describe('few-shot configs in workerd', () => {
  it('a config fitted on Node keeps its learned state and hash in workerd, and answers the same', async () => {
    const put = await node.request('/v1/configs/topic-fit', json(config, 'PUT'));
    expect(put.status).toBe(201);
    const fitted = (await put.json()) as Stored;
    expect(fitted.config.learned).toBeDefined();

    const res = await worker('/v1/configs/topic-fit', json(fitted.config, 'PUT'));
    expect(res.status).toBe(201);
    const stored = (await res.json()) as Stored;
    expect(stored.hash).toBe(fitted.hash);
    expect(stored.config.learned).toEqual(fitted.config.learned);

    const onNode = (await (await node.request('/v1/classify', json({ config: 'topic-fit', texts }))).json()) as Results;
    const onWorker = (await (await worker('/v1/classify', json({ config: 'topic-fit', texts }))).json()) as Results;
    expect(onWorker.results.map((r) => r.label)).toEqual(onNode.results.map((r) => r.label));
    onWorker.results.forEach((r, i) => {
      for (const [label, p] of Object.entries(r.scores)) expect(p).toBeCloseTo(onNode.results[i]!.scores[label]!, 2);
    });
  });

  it('fits on examples inside workerd too, and serves evaluate and diagnose there', async () => {
    const res = await worker('/v1/configs/topic-fit-edge', json(config, 'PUT'));
    expect(res.status).toBe(201);
    const stored = (await res.json()) as Stored;
    expect(stored.config.learned?.fit.fitted_on).toBeTruthy();
    const ev = await worker('/v1/evaluate', json({ config: 'topic-fit-edge', rows: examples }));
    expect(ev.status).toBe(200);
    expect(((await ev.json()) as { n: number }).n).toBe(examples.length);
    const diag = await worker('/v1/configs/topic-fit-edge/diagnose');
    expect(diag.status).toBe(200);
    expect(((await diag.json()) as { words: unknown[] }).words).toHaveLength(2);
  });

  it('a template ensemble (fitted and zero-shot, stored and inline) answers the same as on Node', async () => {
    const ensemble = { ...config, templates: ['News about [MASK]: {text}', '{text} This is about [MASK].'] };
    const put = await node.request('/v1/configs/topic-ens', json(ensemble, 'PUT'));
    expect(put.status).toBe(201);
    const fitted = (await put.json()) as Stored;
    const res = await worker('/v1/configs/topic-ens', json(fitted.config, 'PUT'));
    expect(res.status).toBe(201);
    expect(((await res.json()) as Stored).hash).toBe(fitted.hash);
    const inline = { template: ensemble.template, templates: ensemble.templates, verbalizer: ensemble.verbalizer, texts };
    for (const body of [{ config: 'topic-ens', texts }, inline]) {
      const onNode = (await (await node.request('/v1/classify', json(body))).json()) as Results;
      const onWorker = (await (await worker('/v1/classify', json(body))).json()) as Results;
      expect(onWorker.results.map((r) => r.label)).toEqual(onNode.results.map((r) => r.label));
      onWorker.results.forEach((r, i) => {
        for (const [label, p] of Object.entries(r.scores)) expect(p).toBeCloseTo(onNode.results[i]!.scores[label]!, 2);
      });
    }
    // The ensemble changes the answer: its scores differ from the single template's.
    const single = (await (
      await node.request('/v1/classify', json({ template: ensemble.template, verbalizer: ensemble.verbalizer, texts }))
    ).json()) as Results;
    const both = (await (await node.request('/v1/classify', json(inline))).json()) as Results;
    expect(both.results[0]!.scores.business).not.toBeCloseTo(single.results[0]!.scores.business!, 4);
    const diag = (await (await worker('/v1/configs/topic-ens/diagnose')).json()) as { templates: number };
    expect(diag.templates).toBe(3);
  });
});
