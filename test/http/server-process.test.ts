import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/app.js';
import { freePort, waitFor200 } from '../../tools/lib/loopback.js';

let child: ChildProcess;
let base: string;
let output = '';

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, ['--import', 'tsx', 'src/entries/node.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', CLOZE_DATA_DIR: await tempDir('cloze-srv-') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  await waitFor200(`${base}/readyz`, 60_000);
});

afterAll(() => {
  child?.kill('SIGTERM');
});

describe('npm start (real server over TCP)', () => {
  it('serves classify, ner and fill-mask on the default model', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const c = await post('/v1/classify', { texts: ['I really like the film a lot.', 'this movie makes me very disgusting.'] });
    expect(c.status).toBe(200);
    expect(((await c.json()) as { results: unknown[] }).results).toHaveLength(2);
    const n = await post('/v1/ner', { text: 'John went to Paris to visit the University.' });
    expect(n.status).toBe(200);
    expect(await n.json()).toHaveProperty('entities');
    const f = await post('/v1/fill-mask', { text: 'natural language processing is a [MASK] technology.' });
    expect(((await f.json()) as { predictions: unknown[][] }).predictions[0]).toHaveLength(5);
    expect(output).toContain('model ready');
  });

  it('answers malformed JSON with 400 problem+json, not a crash', async () => {
    const res = await fetch(`${base}/v1/classify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(res.status).toBe(400);
    expect((await res.json()) as object).toMatchObject({ code: 'invalid_json' });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});
