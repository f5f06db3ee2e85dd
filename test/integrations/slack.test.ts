import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/app.js';
import { integrationApp, nowS, slackSignature, startReceiver, type Receiver, type TestApp } from './support.js';

const SECRET = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('hex');
let receiver: Receiver;
let t: TestApp;

beforeAll(async () => {
  receiver = await startReceiver();
  t = integrationApp(await tempDir('cloze-slack-'), {
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_API_BASE: `${receiver.url}/api`,
    SLACK_RESPONSE_URL_PREFIXES: `${receiver.url}/commands/`,
    CLOZE_CALLBACK_ALLOW_PRIVATE: 'true', // the receiver is on loopback
    CLOZE_DELIVERY_BASE_MS: '5',
  });
});
afterAll(async () => {
  await t?.background.idle();
  await receiver?.close();
});

interface SlackMessage {
  response_type: string;
  text: string;
  blocks: { type: string; text?: { text: string }; elements?: { text: string }[] }[];
}

const commandBody = (text: string, responsePath = '/commands/T1/1/abc'): string =>
  new URLSearchParams({
    command: '/cloze',
    text,
    response_url: `${receiver.url}${responsePath}`,
    trigger_id: `trig-${Math.random()}`,
    user_id: 'U1',
  }).toString();

function signed(path: string, body: string, contentType: string, headers: Record<string, string> = {}, timestamp = nowS()): Promise<Response> {
  return Promise.resolve(
    t.app.request(path, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': slackSignature(SECRET, timestamp, body),
        ...headers,
      },
      body,
    }),
  );
}
const command = (text: string, responsePath?: string) =>
  signed('/integrations/slack/commands', commandBody(text, responsePath), 'application/x-www-form-urlencoded');
const event = (payload: unknown, headers: Record<string, string> = {}) =>
  signed('/integrations/slack/events', JSON.stringify(payload), 'application/json', headers);
const allText = (m: SlackMessage): string => m.blocks.map((b) => b.text?.text ?? b.elements?.map((e) => e.text).join(' ') ?? '').join('\n');

describe('unsigned or altered requests (before the model was ever asked for)', () => {
  it('401 for a missing, wrong, stale or tampered signature; nothing is processed', async () => {
    const body = commandBody('sentiment: I loved it');
    const ts = nowS();
    const attempts: RequestInit[] = [
      { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body },
      { headers: { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': slackSignature('wrong-secret', ts, body) }, body },
      { headers: { 'x-slack-request-timestamp': String(ts - 400), 'x-slack-signature': slackSignature(SECRET, ts - 400, body) }, body },
      { headers: { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': slackSignature(SECRET, ts, body) }, body: body.replace('loved', 'hated') },
      { headers: { 'x-slack-signature': slackSignature(SECRET, ts, body) }, body },
      { headers: { 'x-slack-request-timestamp': String(ts) }, body },
    ];
    for (const init of attempts) {
      const res = await t.app.request('/integrations/slack/commands', { method: 'POST', ...init });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({ code: 'signature_invalid', field: 'x-slack-signature' });
    }
    const ev = await t.app.request('/integrations/slack/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'url_verification', challenge: 'c' }),
    });
    expect(ev.status).toBe(401);
    expect(t.engineCalls()).toBe(0);
    expect(t.deps.isReady()).toBe(false);
    expect(receiver.received).toHaveLength(0);
  });
});

describe('slash commands', () => {
  it('cold model: acknowledges at once, then posts the Block Kit answer to response_url', async () => {
    expect(t.deps.isReady()).toBe(false);
    const res = await command('sentiment: I loved it, what a wonderful film');
    expect(res.status).toBe(200);
    const ack = (await res.json()) as SlackMessage;
    expect(ack.response_type).toBe('ephemeral');
    expect(ack.text).toMatch(/working/i);
    const [posted] = await receiver.waitFor(1);
    expect(posted!.method).toBe('POST');
    expect(posted!.path).toBe('/commands/T1/1/abc');
    const msg = JSON.parse(posted!.body) as SlackMessage;
    expect(msg.response_type).toBe('ephemeral');
    expect(msg.text).toMatch(/^sentiment: positive \(\d+\.\d%\)$/);
    expect(allText(msg)).toMatch(/█+░*\s+\d+\.\d%\s+positive/);
    expect(allText(msg)).toMatch(/negative/);
  });

  it('warm model: answers inline with label and score bars', async () => {
    await t.deps.engine();
    const before = receiver.received.length;
    const res = await command('sentiment: this movie was terrible and boring');
    const msg = (await res.json()) as SlackMessage;
    expect(msg.response_type).toBe('ephemeral');
    expect(msg.text).toMatch(/^sentiment: negative/);
    expect(msg.blocks[0]!.text!.text).toContain('*sentiment* → *negative*');
    expect(receiver.received.length).toBe(before);
  });

  it('ner: entities inline; fill: the mask filled; public answers in the channel', async () => {
    const ner = (await (await command('ner: John went to Paris to visit the University.')).json()) as SlackMessage;
    expect(allText(ner)).toMatch(/\*Paris\* _\(location\)_/);
    const fill = (await (await command('public fill: Paris is the [MASK] of France.')).json()) as SlackMessage;
    expect(fill.response_type).toBe('in_channel');
    expect(fill.blocks[0]!.text!.text).toMatch(/^Paris is the \*\S+\* of France\.$/);
    expect(allText(fill)).toMatch(/mask 1: .+ \d+\.\d%/);
  });

  it('any stored config works before the colon', async () => {
    const put = await t.app.request('/v1/configs/mood', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ task: 'classify', template: '{text} It was [MASK].', verbalizer: { happy: ['great'], sad: ['terrible'] } }),
    });
    expect(put.ok).toBe(true);
    const msg = (await (await command('mood: What a great day, I loved every minute')).json()) as SlackMessage;
    expect(msg.text).toMatch(/^mood: (happy|sad) /);
  });

  it('help, bad syntax, unknown configs and fill without a mask answer with usage', async () => {
    for (const [text, hint] of [
      ['help', /Usage/],
      ['what is this', /Write `name: text`/],
      ['nosuchconfig: hello', /No config named `nosuchconfig`/],
      ['fill: no mask here', /\[MASK\]/],
    ] as const) {
      const msg = (await (await command(text)).json()) as SlackMessage;
      expect(msg.response_type).toBe('ephemeral');
      expect(allText(msg)).toMatch(hint);
      expect(allText(msg)).toContain('sentiment: I loved it');
    }
  });
});

describe('Events API', () => {
  it('url_verification echoes the challenge', async () => {
    const res = await event({ type: 'url_verification', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
    expect(await res.json()).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('app_mention is answered once in its thread, however often and concurrently Slack retries it', async () => {
    const before = receiver.received.length;
    const payload = {
      type: 'event_callback',
      event_id: 'Ev0001',
      event: { type: 'app_mention', user: 'U1', text: '<@U0BOT> sentiment: I really like the film a lot.', ts: '1700000000.000100', channel: 'C1' },
    };
    const answers = await Promise.all([event(payload), event(payload, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' }), event(payload)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    const later = await event(payload, { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' });
    expect(later.status).toBe(200);
    await t.background.idle();
    const posts = receiver.received.slice(before);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.path).toBe('/api/chat.postMessage');
    expect(posts[0]!.headers.authorization).toBe('Bearer xoxb-test-token');
    const body = JSON.parse(posts[0]!.body) as { channel: string; thread_ts: string; text: string };
    expect(body).toMatchObject({ channel: 'C1', thread_ts: '1700000000.000100' });
    expect(body.text).toMatch(/^sentiment: positive/);
  });
});

describe('response_url', () => {
  /** A fresh app whose model is not loaded yet, so its first command is deferred. */
  async function coldCommand(path: string) {
    const cold = integrationApp(await tempDir('cloze-slack-cold-'), {
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_RESPONSE_URL_PREFIXES: `${receiver.url}/commands/`,
      CLOZE_CALLBACK_ALLOW_PRIVATE: 'true', // the receiver is on loopback
      CLOZE_DELIVERY_BASE_MS: '5',
    });
    const body = commandBody('sentiment: great', path);
    const ts = nowS();
    const res = await cold.app.request('/integrations/slack/commands', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': slackSignature(SECRET, ts, body),
      },
      body,
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as SlackMessage).response_type).toBe('ephemeral');
    await cold.background.idle();
  }

  it('is only posted to under SLACK_RESPONSE_URL_PREFIXES', async () => {
    const before = receiver.received.length;
    await coldCommand('/elsewhere/1');
    expect(receiver.received.length).toBe(before);
  });

  it('is retried after a 5xx, not after a 4xx', async () => {
    let before = receiver.received.length;
    receiver.respondWith([503, 502, 200]);
    await coldCommand('/commands/T1/2/x');
    expect(receiver.received.slice(before).map((p) => p.path)).toEqual(Array(3).fill('/commands/T1/2/x'));
    before = receiver.received.length;
    receiver.respondWith([404]);
    await coldCommand('/commands/T1/3/x');
    expect(receiver.received.slice(before).map((p) => p.path)).toEqual(['/commands/T1/3/x']);
    receiver.respondWith([200]);
  });
});
