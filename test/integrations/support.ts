import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { PromptEngine } from '../../src/core/engine.js';
import type { AppDeps } from '../../src/http/app-env.js';
import { createApp } from '../../src/http/app.js';
import { integrationRoutes } from '../../src/integrations/mount.js';
import type { IntegrationDeps } from '../../src/integrations/settings.js';
import { integrationDepsFromEnv } from '../../src/runtime/integration-env.js';
import { BackgroundTasks } from '../../src/integrations/common/background.js';
import { FileConfigStore } from '../../src/runtime/node/file-config-store.js';
import { warmEngine } from '../../src/runtime/warm-engine.js';
import { defaultModel } from '../support/model.js';

export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Statuses to answer from now on, in order; the last one repeats. */
  respondWith(statuses: number[]): void;
  /** The body to answer with (default `{"ok": …}`). */
  replyWith(body: ((r: Received) => string) | undefined): void;
  /** Resolves once `n` requests have arrived. */
  waitFor(n: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

/** A real HTTP server on loopback standing in for Slack, Discord or a webhook callback receiver. */
export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  let statuses = [200];
  let base = 0;
  let reply: ((r: Received) => string) | undefined;
  const waiters: { n: number; resolve: () => void }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      const r = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      received.push(r);
      const status = statuses[Math.min(received.length - 1 - base, statuses.length - 1)]!;
      res.writeHead(status, { 'content-type': 'application/json' }).end(reply ? reply(r) : JSON.stringify({ ok: status < 300 }));
      for (const w of waiters.filter((w) => received.length >= w.n)) w.resolve();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    respondWith: (s) => {
      statuses = s;
      base = received.length;
    },
    replyWith: (f) => {
      reply = f;
    },
    waitFor: (n, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        if (received.length >= n) return resolve(received);
        const timer = setTimeout(() => reject(new Error(`receiver got ${received.length} of ${n} requests`)), timeoutMs);
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve(received);
          },
        });
      }),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export interface TestApp {
  app: ReturnType<typeof createApp>;
  deps: AppDeps & { integrations: IntegrationDeps };
  background: BackgroundTasks;
  /** How many times a handler asked for the engine (each processed message asks once). */
  engineCalls(): number;
}

/**
 * The real app on the real default model, with integration secrets and endpoints pointing at
 * loopback. The engine is cold until something asks for it, as after a deploy.
 */
export function integrationApp(dir: string, env: Record<string, string>, inlineBudgetMs = 60_000): TestApp {
  const engineDeps = warmEngine(async () => new PromptEngine(await defaultModel(), new FileConfigStore(dir)));
  const background = new BackgroundTasks();
  const integrations = { ...integrationDepsFromEnv(env, { background }), inlineBudgetMs };
  let calls = 0;
  const deps = {
    ...engineDeps,
    engine: () => {
      calls++;
      return engineDeps.engine();
    },
    integrations,
    routes: [integrationRoutes(integrations)],
  };
  return { app: createApp(deps), deps, background, engineCalls: () => calls };
}

export const nowS = (): number => Math.floor(Date.now() / 1000);

/** Slack's signature, computed with node:crypto (independently of the code under test). */
export function slackSignature(secret: string, timestamp: number | string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Standard Webhooks headers computed with node:crypto from a `whsec_` secret. */
export function webhookHeaders(secret: string, id: string, body: string, timestamp = nowS()): Record<string, string> {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const sig = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': `v1,${sig}`, 'content-type': 'application/json' };
}

export const randomWebhookSecret = (): string => `whsec_${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64')}`;

export interface DiscordKeys {
  publicKeyHex: string;
  sign(timestamp: string, body: string): Promise<string>;
}

/** A fresh Ed25519 key pair, as a Discord application has. */
export async function discordKeys(): Promise<DiscordKeys> {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  return {
    publicKeyHex: Buffer.from(raw).toString('hex'),
    sign: async (timestamp, body) =>
      Buffer.from(await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, new TextEncoder().encode(timestamp + body))).toString('hex'),
  };
}
