import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MicroBatchingLM } from '../../src/backend/micro-batching-lm.js';
import { LIMITS } from '../../src/core/limits.js';
import { PromptEngine } from '../../src/core/engine.js';
import { createApp } from '../../src/http/app.js';
import type { HttpOptions } from '../../src/http/app-env.js';
import { TokenBucketLimiter } from '../../src/http/middleware/token-bucket.js';
import { integrationRoutes } from '../../src/integrations/mount.js';
import { integrationDepsFromEnv } from '../../src/runtime/integration-env.js';
import { FileConfigStore } from '../../src/runtime/node/file-config-store.js';
import { warmEngine } from '../../src/runtime/warm-engine.js';
import { json, tempDir } from '../support/app.js';
import { defaultModel } from '../support/model.js';

type Line = { level: string; fields: Record<string, unknown> };

/** The real app on the real model with `options`; log lines are collected instead of printed. */
async function appWith(options: HttpOptions = {}, storeDir?: string, maxPendingRows?: number) {
  const lines: Line[] = [];
  const dir = storeDir ?? (await tempDir('cloze-robust-'));
  const deps = warmEngine(async () => {
    const base = await defaultModel();
    const model = maxPendingRows ? new MicroBatchingLM(base, { maxWaitMs: 2, maxRows: 64, maxPendingRows }) : base;
    return new PromptEngine(model, new FileConfigStore(dir), { resultCacheSize: 0 });
  });
  const app = createApp(deps, { ...options, log: (level, fields) => lines.push({ level, fields }) });
  return { app, lines };
}

const problemOf = async (res: Response) => (await res.json()) as Record<string, unknown>;
const API_KEY = 'test-api-key-0123456789';
const ADMIN_KEY = 'test-admin-key-0123456789';
const bearer = (key: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${key}` },
});
const classifyBody = { text: 'What a wonderful film.' };
const nerConfig = { template: '{text} {span} is a [MASK].', types: { person: ['person'], place: ['city'] } };

let plain: Awaited<ReturnType<typeof appWith>>;
beforeAll(async () => {
  plain = await appWith();
});

describe('observability', () => {
  it('puts a request id on every answer and echoes it in problem bodies and the access log', async () => {
    const ok = await plain.app.request('/healthz');
    expect(ok.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
    const bad = await plain.app.request('/v1/classify', { ...json('{'), headers: { 'content-type': 'application/json', 'x-request-id': 'caller-id-42' } });
    expect(bad.headers.get('x-request-id')).toBe('caller-id-42');
    expect(await problemOf(bad)).toMatchObject({ code: 'invalid_json', request_id: 'caller-id-42' });
    const line = plain.lines.find((l) => l.fields.request_id === 'caller-id-42');
    expect(line?.fields).toMatchObject({ msg: 'request', method: 'POST', path: '/v1/classify', status: 400 });
  });

  it('logs an unexpected 500 with its stack and request id, and tells the caller nothing more', async () => {
    const notADir = join(await tempDir('cloze-broken-'), 'file');
    await writeFile(notADir, 'not a folder');
    const { app, lines } = await appWith({}, notADir);
    const res = await app.request('/v1/configs/anything');
    expect(res.status).toBe(500);
    const body = await problemOf(res);
    expect(body).toMatchObject({ code: 'internal', request_id: res.headers.get('x-request-id') });
    expect(JSON.stringify(body)).not.toMatch(/ENOTDIR|at .*\.ts/);
    const error = lines.find((l) => l.level === 'error');
    expect(error?.fields).toMatchObject({ msg: 'unexpected error', request_id: res.headers.get('x-request-id') });
    expect(String(error?.fields.stack)).toMatch(/ENOTDIR[\s\S]*file-config-store/);
  });

  it('logs a typed 5xx (an integration switched off) as a warning with its code and request id, without a stack', async () => {
    // the integrations as a server without their secrets mounts them: switched off
    const lines: Line[] = [];
    const deps = {
      ...warmEngine(async () => new PromptEngine(await defaultModel(), new FileConfigStore(await tempDir('cloze-robust-')))),
      routes: [integrationRoutes(integrationDepsFromEnv({}))],
    };
    const app = createApp(deps, { log: (level, fields) => lines.push({ level, fields }) });
    const res = await app.request('/v1/webhooks/sentiment', json({ text: 'hi' }));
    expect(res.status).toBe(503);
    expect(await problemOf(res)).toMatchObject({ code: 'integration_disabled' });
    const warn = lines.find((l) => l.level === 'warn' && l.fields.request_id === res.headers.get('x-request-id'));
    expect(warn?.fields).toMatchObject({ code: 'integration_disabled', path: '/v1/webhooks/sentiment' });
    expect(warn?.fields).not.toHaveProperty('stack');
  });
});

describe('careless input', () => {
  it('accepts `application/json ; charset=utf-8`', async () => {
    const res = await plain.app.request('/v1/classify', {
      method: 'POST',
      headers: { 'content-type': 'application/json ; charset=utf-8' },
      body: JSON.stringify(classifyBody),
    });
    expect(res.status).toBe(200);
  });

  it('refuses a `__proto__` label by name instead of dropping it', async () => {
    const raw = '{"text":"x","template":"{text} It was [MASK].","verbalizer":{"__proto__":["good"],"bad":["bad"],"ok":["fine"]}}';
    const res = await plain.app.request('/v1/classify', json(raw));
    expect(res.status).toBe(422);
    expect(await problemOf(res)).toMatchObject({ code: 'validation_failed', field: 'verbalizer.__proto__' });
  });

  it('shortens one very long hyphenated token instead of failing a 16-text NER batch', async () => {
    const texts = Array.from({ length: 16 }, (_, i) => `Maria Lopez met Team${i} in Madrid.`);
    texts[7] = `The code ${'A-'.repeat(64)}B was seen in Berlin.`;
    const res = await plain.app.request('/v1/ner', json({ texts, ...nerConfig }));
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: { entities: unknown[]; truncated: boolean }[] };
    expect(results).toHaveLength(16);
    expect(results[7]!.truncated).toBe(true);
  });
});

describe('bounded cost', () => {
  it('refuses the worst-case NER request (6 KB, multi-piece label words, max_spans 256) with 413 naming the limit', async () => {
    const text = Array.from({ length: 1250 }, (_, i) => `A${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + ((i / 26) % 26))}`).join(' ');
    expect(text.length).toBeLessThanOrEqual(5_000);
    const types = { person: ['person', 'human being'], location: ['geographic region'], organization: ['corporation'], misc: ['miscellaneous'] };
    const res = await plain.app.request('/v1/ner', json({ text, template: '{text} {span} is a [MASK].', types, options: { max_spans: 256, threshold: 0 } }));
    expect(res.status).toBe(413);
    const p = await problemOf(res);
    expect(p).toMatchObject({ code: 'request_budget_exceeded', field: 'options.max_spans' });
    expect(String(p.detail)).toMatch(new RegExp(`limit is (${LIMITS.promptRows}|${LIMITS.promptTokens}) per request`));
  });

  it('answers 504 problem+json when the request outlives its deadline', async () => {
    const { app } = await appWith({ deadlineMs: 1 });
    const text = Array.from({ length: 300 }, (_, i) => `Name${i}`).join(' ');
    const res = await app.request('/v1/ner', json({ text, ...nerConfig }));
    expect(res.status).toBe(504);
    expect(await problemOf(res)).toMatchObject({ code: 'deadline_exceeded', status: 504 });
  });

  it('answers 503 + Retry-After beyond the inference queue, and serves the rest', async () => {
    const { app } = await appWith({}, undefined, 8);
    const texts = (k: number) => Array.from({ length: 8 }, (_, i) => `Paris Berlin Tokyo Lima story ${k}-${i} about Rome.`);
    const answers = await Promise.all(Array.from({ length: 8 }, (_, k) => app.request('/v1/ner', json({ texts: texts(k), ...nerConfig }))));
    const statuses = answers.map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    expect(statuses).toContain(200);
    const refused = answers.find((r) => r.status === 503);
    expect(refused?.headers.get('retry-after')).toBe('1');
    expect(await problemOf(refused!)).toMatchObject({ code: 'overloaded' });
  });
});

describe('auth, rate limits, CORS', () => {
  let secured: Awaited<ReturnType<typeof appWith>>;
  beforeAll(async () => {
    secured = await appWith({ apiKeys: [API_KEY], adminKeys: [ADMIN_KEY], corsOrigins: ['https://app.example'] });
  });

  it('guards /v1/* with API keys (401 problem+json), leaves health endpoints and webhook paths open', async () => {
    const none = await secured.app.request('/v1/classify', json(classifyBody));
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(await problemOf(none)).toMatchObject({ code: 'unauthorized', field: 'authorization' });
    expect((await secured.app.request('/v1/classify', bearer('wrong-key-0123456789', json(classifyBody)))).status).toBe(401);
    expect((await secured.app.request('/v1/classify', bearer(API_KEY, json(classifyBody)))).status).toBe(200);
    expect((await secured.app.request('/v1/classify', bearer(ADMIN_KEY, json(classifyBody)))).status).toBe(200);
    expect((await secured.app.request('/healthz')).status).toBe(200);
    expect((await secured.app.request('/v1/webhooks/anything', json({}))).status).toBe(401); // no route module claims it
  });

  it('leaves the paths a route module authenticates itself (signed webhooks) open, and only those', async () => {
    const deps = { engine: () => Promise.reject(new Error('no model needed')), isReady: () => false };
    const app = createApp(
      { ...deps, routes: [{ authExemptPrefixes: ['/v1/signed/'], mount: (a) => a.post('/v1/signed/in', (c) => c.json({ ok: true })) }] },
      { apiKeys: [API_KEY] },
    );
    expect((await app.request('/v1/signed/in', json({}))).status).toBe(200);
    expect((await app.request('/v1/signed/other', json({}))).status).toBe(404); // routed, not refused
    expect((await app.request('/v1/classify', json(classifyBody))).status).toBe(401);
    const withBots = createApp({ ...deps, routes: [integrationRoutes(integrationDepsFromEnv({}))] }, { apiKeys: [API_KEY] });
    // no secret set: the integration answers 503 itself rather than the API key check 401
    expect((await withBots.request('/v1/webhooks/anything', json({ text: 'hi' }))).status).toBe(503);
  });

  it('needs an admin key for config writes: 403 with an API key, 201 with an admin key; reads need only an API key', async () => {
    const doc = { task: 'classify', template: '{text} It was [MASK].', verbalizer: { good: ['good'], bad: ['bad'] } };
    const asUser = await secured.app.request('/v1/configs/mine', bearer(API_KEY, json(doc, 'PUT')));
    expect(asUser.status).toBe(403);
    expect(await problemOf(asUser)).toMatchObject({ code: 'forbidden' });
    expect((await secured.app.request('/v1/configs/mine', json(doc, 'PUT'))).status).toBe(401);
    expect((await secured.app.request('/v1/configs/mine', bearer(ADMIN_KEY, json(doc, 'PUT')))).status).toBe(201);
    expect((await secured.app.request('/v1/configs/mine', bearer(API_KEY))).status).toBe(200);
    expect((await secured.app.request('/v1/configs/mine', bearer(API_KEY, { method: 'DELETE' }))).status).toBe(403);
  });

  it('answers CORS preflights for allowed origins only', async () => {
    const pre = (origin: string) =>
      secured.app.request('/v1/classify', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
    const ok = await pre('https://app.example');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(ok.headers.get('access-control-allow-headers')).toContain('authorization');
    expect((await pre('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('rate-limits per key with 429 + Retry-After; another key has its own budget', async () => {
    const { app } = await appWith({ apiKeys: [API_KEY, ADMIN_KEY], rateLimiter: new TokenBucketLimiter(60, 2) });
    const call = (key: string) => app.request('/v1/configs', bearer(key));
    expect([(await call(API_KEY)).status, (await call(API_KEY)).status]).toEqual([200, 200]);
    const limited = await call(API_KEY);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await problemOf(limited)).toMatchObject({ code: 'rate_limited' });
    expect((await call(ADMIN_KEY)).status).toBe(200);
    // failed attempts count against the caller's address: guessing keys is rate-limited too
    const guesses: number[] = [];
    for (const i of [1, 2, 3]) guesses.push((await app.request('/v1/configs', bearer(`guess-${i}-0123456789abcdef`))).status);
    expect(guesses).toEqual([401, 401, 429]);
  });
});
