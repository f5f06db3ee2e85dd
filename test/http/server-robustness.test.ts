import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server.js';

/** The real server over TCP (`npm start`), with keys set: config races, ETags, auth, startup checks. */
const API_KEY = 'srv-api-key-0123456789abcdef';
const ADMIN_KEY = 'srv-admin-key-0123456789abcdef';
let srv: RunningServer;
beforeAll(async () => {
  srv = await startServer({ CLOZE_API_KEYS: API_KEY, CLOZE_ADMIN_KEYS: ADMIN_KEY });
});
afterAll(() => {
  srv?.child.kill('SIGKILL');
});

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${srv.base}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const doc = (i: number) => ({ task: 'classify', description: `write ${i}`, template: '{text} It was [MASK].', verbalizer: { good: ['good'], bad: ['bad'] } });

describe('config writes under concurrency (real server)', () => {
  it('many concurrent PUT/DELETE on one name: nothing 5xx, correct codes, the final state is one of the writes', async () => {
    const ops = Array.from({ length: 60 }, (_, i) => (i % 4 === 3 ? call('DELETE', '/v1/configs/raced') : call('PUT', '/v1/configs/raced', doc(i))));
    const answers = await Promise.all(ops);
    answers.forEach((r, i) => {
      expect(i % 4 === 3 ? [204, 404] : [200, 201]).toContain(r.status);
    });
    const final = await call('GET', '/v1/configs/raced');
    expect([200, 404]).toContain(final.status);
    const onDisk = await readFile(join(srv.dataDir, 'configs', 'raced.json'), 'utf8').catch(() => undefined);
    if (final.status === 200) {
      const body = (await final.json()) as { config: { description: string } };
      expect(body.config.description).toMatch(/^write \d+$/);
      expect(Number(body.config.description.slice(6)) % 4).not.toBe(3);
      expect((JSON.parse(onDisk!) as { config: { description: string } }).config.description).toBe(body.config.description);
    } else {
      expect(onDisk).toBeUndefined();
    }
    expect((await call('GET', '/v1/configs')).status).toBe(200);
  });

  it('ETag on GET and PUT; If-Match makes stale writes and deletes 412', async () => {
    const created = await call('PUT', '/v1/configs/tagged', doc(1));
    expect(created.status).toBe(201);
    const etag1 = created.headers.get('etag')!;
    expect(etag1).toMatch(/^"[^"]+"$/);
    expect((await call('GET', '/v1/configs/tagged')).headers.get('etag')).toBe(etag1);
    const updated = await call('PUT', '/v1/configs/tagged', doc(2), { 'if-match': etag1 });
    expect(updated.status).toBe(200);
    const etag2 = updated.headers.get('etag')!;
    expect(etag2).not.toBe(etag1);
    const stale = await call('PUT', '/v1/configs/tagged', doc(3), { 'if-match': etag1 });
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ code: 'precondition_failed', field: 'if-match' });
    expect((await call('DELETE', '/v1/configs/tagged', undefined, { 'if-match': etag1 })).status).toBe(412);
    expect((await call('DELETE', '/v1/configs/tagged', undefined, { 'if-match': etag2 })).status).toBe(204);
    expect((await call('PUT', '/v1/configs/tagged', doc(4), { 'if-match': '*' })).status).toBe(412);
  });

  it('a corrupt stored document is skipped and reported in the listing, refused by name, and deletable', async () => {
    await mkdir(join(srv.dataDir, 'configs'), { recursive: true });
    const one = JSON.stringify({ name: 'broken', ...doc(0) });
    await writeFile(join(srv.dataDir, 'configs', 'broken.json'), `${one}\n${one}\n`);
    const list = await call('GET', '/v1/configs');
    expect(list.status).toBe(200);
    const body = (await list.json()) as { configs: { name: string }[]; invalid: { name: string }[] };
    expect(body.invalid.map((i) => i.name)).toEqual(['broken']);
    expect(body.configs.map((c) => c.name)).toContain('sentiment');
    expect((await call('GET', '/v1/configs/broken')).status).toBe(409);
    const use = await call('POST', '/v1/classify', { text: 'fine', config: 'broken' });
    expect(use.status).toBe(409);
    expect(await use.json()).toMatchObject({ code: 'config_invalid', field: 'config' });
    expect((await call('DELETE', '/v1/configs/broken')).status).toBe(204);
    expect((await call('GET', '/v1/configs/broken')).status).toBe(404);
  });
});

describe('keys and readiness (real server)', () => {
  it('401 without a key, 403 for config writes with a non-admin key; health open; /readyz shows no server path', async () => {
    const anon = await fetch(`${srv.base}/v1/configs`);
    expect(anon.status).toBe(401);
    expect(anon.headers.get('content-type')).toContain('application/problem+json');
    const user = await call('PUT', '/v1/configs/x', doc(0), { authorization: `Bearer ${API_KEY}` });
    expect(user.status).toBe(403);
    const ready = await fetch(`${srv.base}/readyz`);
    expect(ready.status).toBe(200);
    const text = await ready.text();
    expect(text).toContain('cloze-bert-mini');
    expect(text).not.toContain(process.cwd());
    expect(srv.output()).not.toContain(API_KEY);
  });

  it('a bad environment value stops startup with a message naming the variable', async () => {
    const bad = await startServer({ CLOZE_DEADLINE_MS: 'soon', CLOZE_API_KEYS: 'short' }, false);
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toMatch(/CLOZE_DEADLINE_MS/);
    expect(bad.output()).toMatch(/CLOZE_API_KEYS.*at least 16/);
  });
});
