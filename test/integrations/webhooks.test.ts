import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/core/config/presets.js';
import { tempDir } from '../support/app.js';
import { integrationApp, nowS, randomWebhookSecret, startReceiver, webhookHeaders, type Receiver, type TestApp } from './support.js';

const SECRET = randomWebhookSecret();
let receiver: Receiver;
let t: TestApp;

beforeAll(async () => {
  receiver = await startReceiver();
  t = integrationApp(await tempDir('cloze-webhooks-'), {
    WEBHOOK_SECRET: SECRET,
    CLOZE_DELIVERY_BASE_MS: '5',
    CLOZE_DELIVERY_ATTEMPTS: '4',
    CLOZE_CALLBACK_ALLOW_PRIVATE: 'true', // the receiver is on loopback
  });
});
afterAll(async () => {
  await t?.background.idle();
  await receiver?.close();
});

let seq = 0;
const newId = (): string => `msg_${Date.now()}_${++seq}`;
function post(config: string, id: string, payload: unknown, opts: { query?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Response> {
  const body = JSON.stringify(payload);
  return Promise.resolve(
    t.app.request(`/v1/webhooks/${config}${opts.query ?? ''}`, {
      method: 'POST',
      headers: { ...webhookHeaders(SECRET, id, body), ...opts.headers },
      body: opts.body ?? body,
    }),
  );
}

describe('openapi', () => {
  it('documents the webhook route', async () => {
    const spec = (await (await t.app.request('/openapi.json')).json()) as { paths: Record<string, { post?: { responses: Record<string, unknown> } }> };
    expect(Object.keys(spec.paths['/v1/webhooks/{config}']!.post!.responses)).toEqual(expect.arrayContaining(['200', '202', '401', '409']));
  });
});

describe('signature checks', () => {
  it('401 for unsigned, wrongly signed, stale, tampered or incompletely signed messages; nothing processed or stored', async () => {
    const id = newId();
    const payload = { text: 'I loved it' };
    const body = JSON.stringify(payload);
    const good = webhookHeaders(SECRET, id, body);
    const cases: RequestInit[] = [
      { headers: { 'content-type': 'application/json' }, body },
      { headers: webhookHeaders(randomWebhookSecret(), id, body), body },
      { headers: webhookHeaders(SECRET, id, body, nowS() - 600), body },
      { headers: webhookHeaders(SECRET, id, body, nowS() + 600), body },
      { headers: good, body: JSON.stringify({ text: 'I hated it' }) },
      { headers: { ...good, 'webhook-id': 'msg_other' }, body },
      { headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-signature': good['webhook-signature']! }, body },
      { headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': good['webhook-timestamp']! }, body },
    ];
    for (const init of cases) {
      const res = await t.app.request('/v1/webhooks/sentiment', { method: 'POST', ...init });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: 'signature_invalid', field: 'webhook-signature' });
    }
    expect(t.engineCalls()).toBe(0);
    // The refused attempts stored nothing: the genuine message with the same id is processed.
    const res = await post('sentiment', id, payload);
    expect(res.status).toBe(200);
    expect(res.headers.get('idempotent-replayed')).toBeNull();
    expect(t.engineCalls()).toBe(1);
  });
});

describe('processing and idempotency', () => {
  it('classifies text / texts with the named config and answers a redelivery from the stored result', async () => {
    const id = newId();
    const calls = t.engineCalls();
    const res = await post('sentiment', id, { texts: ['I really like the film a lot.', 'this movie was terrible and boring'] });
    expect(res.status).toBe(200);
    const first = (await res.json()) as { webhook_id: string; config: string; results: { label: string }[] };
    expect(first).toMatchObject({ webhook_id: id, config: 'sentiment', task: 'classify' });
    expect(first.results.map((r) => r.label)).toEqual(['positive', 'negative']);
    const again = await post('sentiment', id, { texts: ['I really like the film a lot.', 'this movie was terrible and boring'] });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(first);
    expect(t.engineCalls()).toBe(calls + 1);
  });

  it('concurrent duplicates are processed once and all get the same answer', async () => {
    const id = newId();
    const calls = t.engineCalls();
    const answers = await Promise.all(Array.from({ length: 6 }, () => post('ner', id, { text: 'John went to Paris to visit the University.' })));
    expect(answers.map((r) => r.status)).toEqual(Array(6).fill(200));
    const bodies = await Promise.all(answers.map((r) => r.json()));
    for (const b of bodies) expect(b).toEqual(bodies[0]);
    expect((bodies[0] as { entities: { text: string; type: string }[] }).entities).toContainEqual(expect.objectContaining({ text: 'Paris', type: 'location' }));
    expect(answers.filter((r) => r.headers.get('idempotent-replayed') === null)).toHaveLength(1);
    expect(t.engineCalls()).toBe(calls + 1);
  });

  it('text_pointer picks the text out of an arbitrary event payload', async () => {
    const payload = { type: 'review.created', data: { review: { id: 7, body: 'I really like the film a lot.' } } };
    const res = await post('sentiment', newId(), payload, { query: '?text_pointer=/data/review/body' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ label: 'positive' });
    const missing = await post('sentiment', newId(), payload, { query: '?text_pointer=/data/nothing' });
    expect(missing.status).toBe(422);
    expect(await missing.json()).toMatchObject({ field: 'text_pointer' });
  });

  it("a config's webhook.text_pointer reads arbitrary payloads without a URL parameter", async () => {
    const engine = await t.deps.engine();
    const sentiment = PRESETS.get('sentiment')!;
    await engine.putConfig('reviews-hook', { ...sentiment, webhook: { text_pointer: '/data/review/body' } });
    const payload = { type: 'review.created', data: { review: { id: 8, body: 'this movie makes me very disgusting.' } } };
    const res = await post('reviews-hook', newId(), payload);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ config: 'reviews-hook', label: 'negative' });
    const elsewhere = await post('reviews-hook', newId(), { data: {} });
    expect(elsewhere.status).toBe(422);
    expect(await elsewhere.json()).toMatchObject({ field: 'text_pointer' });
    const bad = await engine.putConfig('bad-hook', { ...sentiment, webhook: { text_pointer: 'data/x' } }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'validation_failed', field: 'webhook.text_pointer' });
  });

  it('bad input is a 4xx naming the field, and does not burn the id', async () => {
    const id = newId();
    const unknown = await post('nosuch', id, { text: 'hello' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'config_not_found', field: 'config' });
    const neither = await post('sentiment', newId(), { message: 'hello' });
    expect(neither.status).toBe(422);
    expect(await neither.json()).toMatchObject({ field: 'text' });
    const badCallback = await post('sentiment', newId(), { text: 'hi', callback_url: 'ftp://x' });
    expect(badCallback.status).toBe(422);
    expect(await badCallback.json()).toMatchObject({ field: 'callback_url' });
    const badName = await post('Bad%20Name', newId(), { text: 'hi' });
    expect(badName.status).toBe(422);
  });
});

describe('callback_url', () => {
  interface Callback {
    type: string;
    data: { webhook_id: string; label?: string; error?: { code: string } };
  }

  it('202 at once; the signed result is POSTed with retries on 5xx; a redelivery gets the stored result, no new callback', async () => {
    const id = newId();
    const calls = t.engineCalls();
    const before = receiver.received.length;
    receiver.respondWith([500, 503, 200]);
    const res = await post('sentiment', id, { text: 'I really like the film a lot.', callback_url: `${receiver.url}/cb` });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ webhook_id: id, status: 'accepted' });
    await t.background.idle();
    const got = receiver.received.slice(before);
    expect(got).toHaveLength(3);
    for (const r of got) {
      // Each attempt is a valid Standard Webhooks message under the same secret and id.
      const verified = new Webhook(SECRET).verify(r.body, r.headers as Record<string, string>) as Callback;
      expect(verified).toMatchObject({ type: 'cloze.result', data: { webhook_id: id, label: 'positive' } });
      expect(r.headers['webhook-id']).toBe(`${id}.result`);
    }
    const again = await post('sentiment', id, { text: 'I really like the film a lot.', callback_url: `${receiver.url}/cb` });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toMatchObject({ label: 'positive', callback: { delivered: true, attempts: 3, status: 200 } });
    await t.background.idle();
    expect(receiver.received.length - before).toBe(3);
    expect(t.engineCalls()).toBe(calls + 1);
    receiver.respondWith([200]);
  });

  it('a 4xx from the receiver stops the retries', async () => {
    const id = newId();
    const before = receiver.received.length;
    receiver.respondWith([410]);
    expect((await post('sentiment', id, { text: 'Great film.', callback_url: `${receiver.url}/gone` })).status).toBe(202);
    await t.background.idle();
    expect(receiver.received.length - before).toBe(1);
    const again = await post('sentiment', id, { text: 'Great film.', callback_url: `${receiver.url}/gone` });
    expect(await again.json()).toMatchObject({ callback: { delivered: false, attempts: 1, status: 410 } });
    receiver.respondWith([200]);
  });

  it('gives up after the bounded number of attempts', async () => {
    const before = receiver.received.length;
    receiver.respondWith([503]);
    expect((await post('sentiment', newId(), { text: 'Fine.', callback_url: `${receiver.url}/down` })).status).toBe(202);
    await t.background.idle();
    expect(receiver.received.length - before).toBe(4);
    receiver.respondWith([200]);
  });

  it('a duplicate arriving while the first is still being processed is told to retry (409), not processed', async () => {
    const id = newId();
    const before = receiver.received.length;
    const first = await post('sentiment', id, { text: 'Lovely.', callback_url: `${receiver.url}/cb` });
    const dup = await post('sentiment', id, { text: 'Lovely.', callback_url: `${receiver.url}/cb` });
    expect(first.status).toBe(202);
    expect([200, 409]).toContain(dup.status);
    if (dup.status === 409) expect(dup.headers.get('retry-after')).toBe('5');
    await t.background.idle();
    expect(receiver.received.length - before).toBe(1);
  });
});
