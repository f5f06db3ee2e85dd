import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type WorkerServer } from '../../tools/worker/wrangler-dev.js';
import { discordKeys, nowS, randomWebhookSecret, startReceiver, webhookHeaders, type DiscordKeys, type Receiver } from './support.js';

/**
 * The integrations inside real workerd (the Worker built as for deployment, served by
 * `wrangler dev` on loopback), with secrets given as vars and the platforms' endpoints
 * replaced by a loopback receiver. The first request reaches a cold isolate, so the Slack
 * command takes the deferred path: acknowledged at once, answered through `waitUntil`.
 */
const SLACK_SECRET = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('hex');
const WEBHOOK_SECRET = randomWebhookSecret();
let server: WorkerServer;
let receiver: Receiver;
let keys: DiscordKeys;

beforeAll(async () => {
  receiver = await startReceiver();
  keys = await discordKeys();
  server = await startWorker({
    args: [
      '--var',
      `SLACK_SIGNING_SECRET:${SLACK_SECRET}`,
      '--var',
      `SLACK_RESPONSE_URL_PREFIXES:${receiver.url}/commands/`,
      '--var',
      `DISCORD_PUBLIC_KEY:${keys.publicKeyHex}`,
      '--var',
      `DISCORD_API_BASE:${receiver.url}/api/v10`,
      '--var',
      `WEBHOOK_SECRET:${WEBHOOK_SECRET}`,
      '--var',
      'CLOZE_DELIVERY_BASE_MS:100',
      '--var',
      'CLOZE_INLINE_BUDGET_MS:2500',
      '--var',
      'CLOZE_CALLBACK_ALLOW_PRIVATE:true',
    ],
  });
});
afterAll(async () => {
  await server?.stop();
  await receiver?.close();
});

async function send(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(`${server.url}${path}`, { method: 'POST', signal: AbortSignal.timeout(60_000), ...init });
  } catch (err) {
    throw new Error(`POST ${path}: ${String(err)}\n--- wrangler log ---\n${server.log().slice(-3000)}`);
  }
}

function slackCommand(text: string, sign = true): Promise<Response> {
  const body = new URLSearchParams({ command: '/cloze', text, response_url: `${receiver.url}/commands/T1/1/abc`, trigger_id: 'trig-1' }).toString();
  const ts = nowS();
  const signature = `v0=${createHmac('sha256', sign ? SLACK_SECRET : 'other')
    .update(`v0:${ts}:${body}`)
    .digest('hex')}`;
  return send('/integrations/slack/commands', {
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature },
    body,
  });
}

async function discord(payload: unknown): Promise<Response> {
  const body = JSON.stringify(payload);
  const ts = String(nowS());
  return send('/integrations/discord/interactions', {
    headers: { 'content-type': 'application/json', 'x-signature-ed25519': await keys.sign(ts, body), 'x-signature-timestamp': ts },
    body,
  });
}

describe('integrations in workerd', () => {
  it('refuses unsigned and wrongly signed requests with 401 before anything loads', async () => {
    const res = await slackCommand('sentiment: I loved it', false);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'signature_invalid' });
    const unsigned = await send('/integrations/discord/interactions', { headers: { 'content-type': 'application/json' }, body: '{"type":1}' });
    expect(unsigned.status).toBe(401);
    await unsigned.arrayBuffer();
    expect(server.log()).not.toMatch(/cloze-edge: model loaded/);
  });

  it('cold isolate: a Slack command is acknowledged at once and answered through waitUntil to response_url', async () => {
    const res = await slackCommand('sentiment: I really like the film a lot.');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/working/i) });
    const [posted] = await receiver.waitFor(1, 90_000).catch((err: unknown) => {
      throw new Error(`${String(err)}\n--- wrangler log ---\n${server.log().slice(-3000)}`);
    });
    expect(posted!.method).toBe('POST');
    expect(posted!.path).toBe('/commands/T1/1/abc');
    const msg = JSON.parse(posted!.body) as { response_type: string; text: string };
    expect(msg).toMatchObject({ response_type: 'ephemeral' });
    expect(msg.text).toMatch(/^sentiment: positive/);
  });

  it('Discord: PING → PONG and, warm, a slash command answered with an embed', async () => {
    expect(await (await discord({ id: '1', type: 1, application_id: '42', token: 't' })).json()).toEqual({ type: 1 });
    const res = await discord({
      id: '2',
      type: 2,
      application_id: '42',
      token: 't2',
      data: { id: '9', name: 'ner', type: 1, options: [{ name: 'text', type: 3, value: 'John went to Paris to visit the University.' }] },
    });
    const body = (await res.json()) as { type: number; data: { embeds: { description: string }[] } };
    expect(body.type).toBe(4);
    expect(body.data.embeds[0]!.description).toContain('**Paris** *(location)*');
  });

  it('signed webhooks: processed once, the redelivery answered from the stored result, tampering refused', async () => {
    const id = `msg_worker_${Date.now()}`;
    const payload = JSON.stringify({ text: 'I really like the film a lot.' });
    const first = await send('/v1/webhooks/sentiment', { headers: webhookHeaders(WEBHOOK_SECRET, id, payload), body: payload });
    expect(first.status).toBe(200);
    const result = await first.json();
    expect(result).toMatchObject({ webhook_id: id, label: 'positive' });
    const again = await send('/v1/webhooks/sentiment', { headers: webhookHeaders(WEBHOOK_SECRET, id, payload), body: payload });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(result);
    const tampered = await send('/v1/webhooks/sentiment', {
      headers: webhookHeaders(WEBHOOK_SECRET, `${id}_2`, payload),
      body: payload.replace('like', 'hate'),
    });
    expect(tampered.status).toBe(401);
    await tampered.arrayBuffer();
  });

  it('signed webhooks with callback_url: 202, then the signed result is delivered through waitUntil', async () => {
    const id = `msg_worker_cb_${Date.now()}`;
    const before = receiver.received.length;
    const payload = JSON.stringify({ text: 'this movie was terrible and boring', callback_url: `${receiver.url}/cb` });
    const res = await send('/v1/webhooks/sentiment', { headers: webhookHeaders(WEBHOOK_SECRET, id, payload), body: payload });
    expect(res.status).toBe(202);
    await res.arrayBuffer();
    const got = await receiver.waitFor(before + 1, 60_000);
    const cb = got[before]!;
    expect(cb.path).toBe('/cb');
    const verified = new Webhook(WEBHOOK_SECRET).verify(cb.body, cb.headers as Record<string, string>);
    expect(verified).toMatchObject({ type: 'cloze.result', data: { webhook_id: id, label: 'negative' } });
  });
});
