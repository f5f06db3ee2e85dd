import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISCORD_COMMANDS } from '../../src/integrations/discord/discord-commands.js';
import { tempDir } from '../support/app.js';
import { discordKeys, integrationApp, nowS, startReceiver, type DiscordKeys, type Receiver, type TestApp } from './support.js';

let receiver: Receiver;
let keys: DiscordKeys;
let t: TestApp;

beforeAll(async () => {
  receiver = await startReceiver();
  keys = await discordKeys();
  t = integrationApp(await tempDir('cloze-discord-'), {
    DISCORD_PUBLIC_KEY: keys.publicKeyHex,
    DISCORD_API_BASE: `${receiver.url}/api/v10`,
    CLOZE_DELIVERY_BASE_MS: '5',
  });
});
afterAll(async () => {
  await t?.background.idle();
  await receiver?.close();
});

interface Embed {
  title: string;
  description: string;
  fields?: { name: string; value: string }[];
}
interface InteractionResponse {
  type: number;
  data?: { content?: string; embeds?: Embed[]; flags?: number };
}

const APP_ID = '123456789012345678';
let seq = 0;
const interaction = (name: string, options: Record<string, string>) => ({
  id: String(900000 + ++seq),
  type: 2,
  application_id: APP_ID,
  token: `tok-${seq}`,
  data: { id: '1', name, type: 1, options: Object.entries(options).map(([k, v]) => ({ name: k, type: 3, value: v })) },
});

async function send(
  payload: unknown,
  sign: (ts: string, body: string) => Promise<Record<string, string>> = async (ts, body) => ({
    'x-signature-ed25519': await keys.sign(ts, body),
    'x-signature-timestamp': ts,
  }),
): Promise<Response> {
  const body = JSON.stringify(payload);
  return t.app.request('/integrations/discord/interactions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await sign(String(nowS()), body)) },
    body,
  });
}

describe('signature checks (before the model was ever asked for)', () => {
  it('401 for unsigned, wrongly signed, stale, tampered requests; nothing processed', async () => {
    const other = await discordKeys();
    const payload = interaction('classify', { text: 'I loved it' });
    const cases: ((ts: string, body: string) => Promise<Record<string, string>>)[] = [
      async () => ({}),
      async (ts) => ({ 'x-signature-timestamp': ts }),
      async (ts, body) => ({ 'x-signature-ed25519': await keys.sign(ts, body) }),
      async (ts, body) => ({ 'x-signature-ed25519': await other.sign(ts, body), 'x-signature-timestamp': ts }),
      async (ts, body) => ({ 'x-signature-ed25519': await keys.sign(ts, body.replace('loved', 'hated')), 'x-signature-timestamp': ts }),
      async (_ts, body) => {
        const old = String(nowS() - 3600);
        return { 'x-signature-ed25519': await keys.sign(old, body), 'x-signature-timestamp': old };
      },
    ];
    for (const sign of cases) {
      const res = await send(payload, sign);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: 'signature_invalid' });
    }
    expect(t.engineCalls()).toBe(0);
    expect(receiver.received).toHaveLength(0);
  });

  it('PING → PONG', async () => {
    const res = await send({ id: '1', type: 1, application_id: APP_ID, token: 'ping' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ type: 1 });
    expect(t.engineCalls()).toBe(0);
  });
});

describe('slash commands', () => {
  it('cold model: deferred (type 5), then the original message is edited with the embed', async () => {
    expect(t.deps.isReady()).toBe(false);
    const payload = interaction('classify', { text: 'I really like the film a lot.' });
    const res = await send(payload);
    expect(await res.json()).toEqual({ type: 5 });
    const [edit] = await receiver.waitFor(1);
    expect(edit!.method).toBe('PATCH');
    expect(edit!.path).toBe(`/api/v10/webhooks/${APP_ID}/${payload.token}/messages/@original`);
    const data = JSON.parse(edit!.body) as { embeds: Embed[] };
    expect(data.embeds[0]!.title).toMatch(/^sentiment → positive \(\d+\.\d%\)$/);
    expect(data.embeds[0]!.description).toMatch(/█+░*\s+\d+\.\d%\s+positive/);
  });

  it('warm model: answers at once (type 4) with an embed for classify, ner and fill', async () => {
    await t.deps.engine();
    const before = receiver.received.length;
    const cls = (await (await send(interaction('classify', { text: 'this movie was terrible and boring' }))).json()) as InteractionResponse;
    expect(cls.type).toBe(4);
    expect(cls.data!.embeds![0]!.title).toMatch(/^sentiment → negative/);
    const topic = (await (
      await send(interaction('classify', { text: 'The team won the championship game last night.', config: 'topic' }))
    ).json()) as InteractionResponse;
    expect(topic.data!.embeds![0]!.title).toMatch(/^topic → \w+/);
    const ner = (await (await send(interaction('ner', { text: 'John went to Paris to visit the University.' }))).json()) as InteractionResponse;
    expect(ner.data!.embeds![0]!.description).toContain('**Paris** *(location)*');
    expect(ner.data!.embeds![0]!.fields).toContainEqual({ name: 'Paris', value: expect.stringMatching(/^location · /), inline: true });
    const fill = (await (await send(interaction('fill', { text: 'Paris is the [MASK] of France.' }))).json()) as InteractionResponse;
    expect(fill.data!.embeds![0]!.description).toMatch(/^Paris is the \*\*\S+\*\* of France\.$/);
    expect(fill.data!.embeds![0]!.fields![0]!.name).toBe('[MASK] 1');
    expect(receiver.received.length).toBe(before);
  });

  it('mistakes get an ephemeral usage message', async () => {
    for (const [payload, hint] of [
      [interaction('classify', { text: 'hello', config: 'nosuch' }), /No config named `nosuch`/],
      [interaction('classify', { text: 'John', config: 'ner' }), /needs "classify"/],
      [interaction('fill', { text: 'no mask' }), /\[MASK\]/],
      [interaction('unknown', { text: 'x' }), /Unknown command/],
    ] as const) {
      const res = (await (await send(payload)).json()) as InteractionResponse;
      expect(res.type).toBe(4);
      expect(res.data!.flags).toBe(64);
      expect(res.data!.content).toMatch(hint);
    }
  });
});

describe('npm run discord:register', () => {
  it('bulk-overwrites the guild commands through the (loopback) Discord API with the bot token', async () => {
    const before = receiver.received.length;
    receiver.replyWith((r) => JSON.stringify((JSON.parse(r.body) as { name: string }[]).map((c, i) => ({ ...c, id: String(i + 1) }))));
    const out = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const p = spawn(process.execPath, ['--import', 'tsx', 'tools/discord/register-commands.ts'], {
        env: {
          ...process.env,
          DISCORD_APPLICATION_ID: APP_ID,
          DISCORD_BOT_TOKEN: 'bot-token',
          DISCORD_GUILD_ID: '777',
          DISCORD_API_BASE: `${receiver.url}/api/v10`,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let stdout = '';
      p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      p.on('exit', (code) => resolve({ code, stdout }));
    });
    receiver.replyWith(undefined);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('registered /classify (1), /ner (2), /fill (3) in guild 777');
    const [put] = receiver.received.slice(before);
    expect(put).toMatchObject({ method: 'PUT', path: `/api/v10/applications/${APP_ID}/guilds/777/commands` });
    expect(put!.headers.authorization).toBe('Bot bot-token');
    expect(JSON.parse(put!.body)).toEqual(DISCORD_COMMANDS);
  });

  it('declares classify (text, config), ner (text), fill (text)', () => {
    expect(DISCORD_COMMANDS.map((c) => [c.name, (c as { options?: { name: string }[] }).options?.map((o) => o.name)])).toEqual([
      ['classify', ['text', 'config']],
      ['ner', ['text']],
      ['fill', ['text']],
    ]);
  });
});
