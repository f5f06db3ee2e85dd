import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOutboundUrl, nonPublicRange } from '../../src/integrations/common/outbound-url.js';
import { tempDir } from '../support/app.js';
import { integrationApp, nowS, randomWebhookSecret, slackSignature, startReceiver, webhookHeaders, type Receiver, type TestApp } from './support.js';

/** Caller-chosen URLs (callback_url, response_url) never reach inside the network; a replayed Slack command runs once. */
const WEBHOOK_SECRET = randomWebhookSecret();
const SLACK_SECRET = 'slack-secret-0123456789abcdef';
let receiver: Receiver;
let t: TestApp;

beforeAll(async () => {
  receiver = await startReceiver();
  // CLOZE_CALLBACK_ALLOW_PRIVATE unset: the default, refusing
  t = integrationApp(await tempDir('cloze-ssrf-'), {
    WEBHOOK_SECRET,
    SLACK_SIGNING_SECRET: SLACK_SECRET,
    SLACK_RESPONSE_URL_PREFIXES: `${receiver.url}/commands/`,
    CLOZE_DELIVERY_BASE_MS: '5',
  });
});
afterAll(async () => {
  await t?.background.idle();
  await receiver?.close();
});

let seq = 0;
function webhook(payload: unknown, id = `msg_ssrf_${Date.now()}_${++seq}`): Promise<Response> {
  const body = JSON.stringify(payload);
  return Promise.resolve(t.app.request('/v1/webhooks/sentiment', { method: 'POST', headers: webhookHeaders(WEBHOOK_SECRET, id, body), body }));
}

describe('which addresses are public', () => {
  it('refuses loopback, private, link-local, CGNAT, metadata, unique-local and IPv4-mapped forms', () => {
    for (const ip of [
      '127.0.0.1',
      '10.0.0.8',
      '172.16.5.4',
      '192.168.1.1',
      '100.64.0.1',
      '169.254.169.254',
      '0.0.0.0',
      '::1',
      '::',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:a9fe:a9fe',
      '64:ff9b::a00:1',
    ]) {
      expect(nonPublicRange(ip), ip).toBeDefined();
    }
    for (const ip of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111']) expect(nonPublicRange(ip), ip).toBeUndefined();
  });

  it('judges names by every address they resolve to', async () => {
    const policy = (addresses: string[]) => ({ allowPrivate: false, resolve: async () => addresses });
    await expect(checkOutboundUrl('https://hooks.example.com/x', 'callback_url', policy(['93.184.216.34']))).resolves.toBeUndefined();
    await expect(checkOutboundUrl('https://inside.example.com/x', 'callback_url', policy(['93.184.216.34', '10.1.2.3']))).rejects.toMatchObject({
      code: 'validation_failed',
      field: 'callback_url',
    });
    await expect(checkOutboundUrl('http://LOCALHOST./x', 'response_url', { allowPrivate: false })).rejects.toMatchObject({ field: 'response_url' });
    await expect(checkOutboundUrl('http://127.0.0.1/x', 'callback_url', { allowPrivate: true })).resolves.toBeUndefined();
  });
});

describe('callback_url', () => {
  it('422 naming callback_url for loopback, private and metadata targets; nothing is run or delivered', async () => {
    const before = receiver.received.length;
    const calls = t.engineCalls();
    for (const url of [
      `${receiver.url}/cb`,
      'http://[::ffff:127.0.0.1]:9/cb',
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/cb',
      'http://0x7f.1/cb',
    ]) {
      const res = await webhook({ text: 'Great film.', callback_url: url });
      expect(res.status, url).toBe(422);
      expect(await res.json()).toMatchObject({ code: 'validation_failed', field: 'callback_url' });
    }
    await t.background.idle();
    expect(receiver.received.length).toBe(before);
    expect(t.engineCalls()).toBe(calls);
  });

  it('is checked again at delivery: a name that resolved outside, then inside (DNS rebinding), gets nothing', async () => {
    // request time: outside; delivery: inside; the redelivery's own check: outside again
    const answers = [['93.184.216.34'], ['127.0.0.1'], ['93.184.216.34']];
    const outbound = t.deps.integrations.outbound;
    t.deps.integrations.outbound = { allowPrivate: false, resolve: async () => answers.shift() ?? ['93.184.216.34'] };
    try {
      const id = `msg_rebind_${Date.now()}`;
      const before = receiver.received.length;
      expect((await webhook({ text: 'Great film.', callback_url: 'http://rebind.example.com/cb' }, id)).status).toBe(202);
      await t.background.idle();
      expect(receiver.received.length).toBe(before);
      const replay = await webhook({ text: 'Great film.', callback_url: 'http://rebind.example.com/cb' }, id);
      expect(await replay.json()).toMatchObject({ callback: { delivered: false, attempts: 0 } });
    } finally {
      t.deps.integrations.outbound = outbound;
    }
  });
});

describe('Slack slash commands', () => {
  const command = (body: string, timestamp: number, app: TestApp = t) =>
    app.app.request('/integrations/slack/commands', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': slackSignature(SLACK_SECRET, timestamp, body),
      },
      body,
    });
  const commandBody = (text: string, responsePath: string, trigger: string) =>
    new URLSearchParams({ command: '/cloze', text, response_url: `${receiver.url}${responsePath}`, trigger_id: trigger }).toString();

  it('a signed command replayed within 5 minutes is answered again without running again', async () => {
    const body = commandBody('sentiment: a wonderful film', '/commands/T1/9/z', 'trig-replay');
    const ts = nowS();
    const first = await command(body, ts);
    expect(first.status).toBe(200);
    const calls = t.engineCalls();
    const replay = await command(body, ts);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual(await first.json());
    expect(t.engineCalls()).toBe(calls);
  });

  it('a late answer is not posted to a response_url on a private address', async () => {
    const cold = integrationApp(
      await tempDir('cloze-ssrf-cold-'),
      { SLACK_SIGNING_SECRET: SLACK_SECRET, SLACK_RESPONSE_URL_PREFIXES: `${receiver.url}/commands/` },
      0,
    );
    const before = receiver.received.length;
    const res = await command(commandBody('sentiment: great', '/commands/T1/10/z', 'trig-private'), nowS(), cold);
    expect(res.status).toBe(200);
    await cold.background.idle();
    expect(receiver.received.length).toBe(before);
  });
});
