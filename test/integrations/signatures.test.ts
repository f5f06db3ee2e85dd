import { verifyKey } from 'discord-interactions';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { verifyDiscordRequest } from '../../src/integrations/discord/verify-discord.js';
import { verifySlackRequest } from '../../src/integrations/slack/verify-slack.js';
import { signWebhook, verifyWebhook } from '../../src/integrations/webhooks/verify-webhook.js';
import { discordKeys, nowS, randomWebhookSecret, slackSignature, webhookHeaders } from './support.js';

describe('Slack request signing', () => {
  // The worked example of Slack's "Verifying requests from Slack" guide.
  const secret = '8f742231b10e8888abcd99yyyzzz85a5';
  const timestamp = '1531420618';
  const body =
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
  const signature = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

  it("accepts Slack's published example (known answer)", async () => {
    expect(await verifySlackRequest(secret, { timestamp, signature }, body, Number(timestamp) + 10)).toEqual({ ok: true });
  });

  it('refuses the same example once it is older than 5 minutes, or from the future', async () => {
    expect(await verifySlackRequest(secret, { timestamp, signature }, body, Number(timestamp) + 301)).toEqual({ ok: false, reason: 'timestamp too old' });
    expect(await verifySlackRequest(secret, { timestamp, signature }, body, Number(timestamp) - 301)).toMatchObject({ ok: false });
  });

  it('refuses an altered body, another secret, a missing or malformed header', async () => {
    const at = Number(timestamp) + 1;
    expect(await verifySlackRequest(secret, { timestamp, signature }, body.replace('roadrunner', 'coyote'), at)).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
    expect(await verifySlackRequest(`${secret}x`, { timestamp, signature }, body, at)).toMatchObject({ ok: false });
    expect(await verifySlackRequest(secret, { timestamp, signature: undefined }, body, at)).toMatchObject({ ok: false });
    expect(await verifySlackRequest(secret, { timestamp: undefined, signature }, body, at)).toMatchObject({ ok: false });
    expect(await verifySlackRequest(secret, { timestamp, signature: signature.replace('v0=', 'v1=') }, body, at)).toMatchObject({ ok: false });
    expect(await verifySlackRequest(secret, { timestamp: '1531420618.5', signature }, body, at)).toMatchObject({ ok: false });
  });

  it('accepts a fresh request signed with a generated secret', async () => {
    const s = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('hex');
    const t = nowS();
    expect(await verifySlackRequest(s, { timestamp: String(t), signature: slackSignature(s, t, 'text=hi') }, 'text=hi')).toEqual({ ok: true });
  });
});

describe('Discord interaction signing (Ed25519, WebCrypto)', () => {
  it('discord-interactions verifies RFC 8032 test vector 1 in this runtime (known answer)', async () => {
    const publicKey = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
    const sig = 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b';
    expect(await verifyKey('', sig, '', publicKey)).toBe(true);
    expect(await verifyKey('x', sig, '', publicKey)).toBe(false);
  });

  it('accepts a fresh signed interaction; refuses tampering, other keys, stale and malformed headers', async () => {
    const keys = await discordKeys();
    const other = await discordKeys();
    const body = JSON.stringify({ type: 1 });
    const t = String(nowS());
    const signature = await keys.sign(t, body);
    expect(await verifyDiscordRequest(keys.publicKeyHex, { signature, timestamp: t }, body)).toEqual({ ok: true });
    expect(await verifyDiscordRequest(keys.publicKeyHex, { signature, timestamp: t }, JSON.stringify({ type: 2 }))).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
    expect(await verifyDiscordRequest(other.publicKeyHex, { signature, timestamp: t }, body)).toMatchObject({ ok: false });
    expect(await verifyDiscordRequest(keys.publicKeyHex, { signature, timestamp: String(Number(t) + 1) }, body)).toMatchObject({ ok: false });
    const old = String(nowS() - 600);
    expect(await verifyDiscordRequest(keys.publicKeyHex, { signature: await keys.sign(old, body), timestamp: old }, body)).toEqual({
      ok: false,
      reason: 'timestamp too old',
    });
    expect(await verifyDiscordRequest(keys.publicKeyHex, { signature: undefined, timestamp: t }, body)).toMatchObject({ ok: false });
    expect(await verifyDiscordRequest(keys.publicKeyHex, { signature: 'zz'.repeat(64), timestamp: t }, body)).toMatchObject({ ok: false });
  });
});

describe('Standard Webhooks signing', () => {
  // The test vector of the Standard Webhooks specification's reference libraries.
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const payload = '{"test": 2432232314}';

  it('signs the published test vector to the published signature (known answer)', () => {
    const headers = signWebhook(secret, id, payload, new Date(1614265330 * 1000));
    expect(headers['webhook-signature']).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    expect(webhookHeaders(secret, id, payload, 1614265330)['webhook-signature']).toBe(headers['webhook-signature']);
  });

  it('accepts a fresh message (also among several signatures); refuses tampering, stale, missing headers', () => {
    const s = randomWebhookSecret();
    const h = webhookHeaders(s, id, payload);
    expect(verifyWebhook(s, h, payload)).toEqual({ ok: true });
    expect(verifyWebhook(s, { ...h, 'webhook-signature': `v1,bm9wZQ== ${h['webhook-signature']}` }, payload)).toEqual({ ok: true });
    expect(verifyWebhook(s, h, payload.replace('2432', '2433'))).toMatchObject({ ok: false });
    expect(verifyWebhook(randomWebhookSecret(), h, payload)).toMatchObject({ ok: false });
    expect(verifyWebhook(s, { ...h, 'webhook-id': 'msg_other' }, payload)).toMatchObject({ ok: false });
    expect(verifyWebhook(s, webhookHeaders(s, id, payload, nowS() - 400), payload)).toEqual({ ok: false, reason: 'Message timestamp too old' });
    expect(verifyWebhook(s, { 'webhook-id': id, 'webhook-timestamp': h['webhook-timestamp'] }, payload)).toMatchObject({ ok: false });
    expect(verifyWebhook('not base64 !!', h, payload)).toMatchObject({ ok: false });
  });

  it('our callback signatures verify with the reference library', () => {
    const s = randomWebhookSecret();
    const body = JSON.stringify({ type: 'cloze.result', data: { label: 'positive' } });
    expect(new Webhook(s).verify(body, signWebhook(s, 'evt_1.result', body) as unknown as Record<string, string>)).toEqual(JSON.parse(body));
  });
});
