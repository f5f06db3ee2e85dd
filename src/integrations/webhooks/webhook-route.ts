import type { Context } from 'hono';
import type { OpenAPIHono as Hono } from '@hono/zod-openapi';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { configNameSchema } from '../../core/config/schema.js';
import { LIMITS } from '../../core/limits.js';
import type { PromptEngine } from '../../core/engine.js';
import { ClozeError, isClozeError } from '../../core/errors.js';
import type { AppDeps } from '../../http/app-env.js';
import { problemJson, toClozeError } from '../../http/problem.js';
import { httpStatus } from '../../http/status.js';
import type { IntegrationDeps } from '../settings.js';
import { checkOutboundUrl } from '../common/outbound-url.js';
import { deliver } from '../common/deliver.js';
import { logDeliveryFailed, logError, requireSecret, requireValid } from '../common/http.js';
import type { StoredAnswer } from '../common/idempotency.js';
import { callbackUrlOf, textsFromPayload } from './webhook-payload.js';
import { signWebhook, verifyWebhook } from './verify-webhook.js';
import { documentWebhookRoute } from './webhook-openapi.js';

const MAX_ID_CHARS = 256;

const hasTextField = (body: unknown): boolean => typeof body === 'object' && body !== null && ('text' in body || 'texts' in body);

/** Runs the texts through the named config's task; the answer a redelivery gets back too. */
async function runWebhook(
  engine: PromptEngine,
  config: string,
  body: unknown,
  pointer: string | undefined,
  webhookId: string,
): Promise<Record<string, unknown>> {
  const stored = await engine.getConfig(config);
  if (!stored) throw new ClozeError('config_not_found', `no config named "${config}"`, { field: 'config' });
  const task = stored.config.task;
  const { texts, many } = textsFromPayload(body, pointer, task === 'ner' ? LIMITS.nerTexts : LIMITS.classifyTexts);
  const results = task === 'ner' ? await engine.ner({ name: config }, texts) : await engine.classify({ name: config }, texts);
  return { webhook_id: webhookId, config, task, ...(many ? { results } : results[0]!) };
}

const problemBody = (err: ClozeError): Record<string, unknown> => ({
  status: httpStatus(err),
  code: err.code,
  detail: err.message,
  ...(err.field !== undefined ? { field: err.field } : {}),
});

type Decision = { answer: StoredAnswer; replayed: boolean } | 'in_progress';

function inProgress(c: Context, webhookId: string): Response {
  const res = problemJson(c, new ClozeError('webhook_in_progress', `webhook ${webhookId} is being processed; retry later`, { field: 'webhook-id' }));
  res.headers.set('retry-after', '5');
  return res;
}

const answer = (c: Context, a: StoredAnswer, replayed: boolean): Response => {
  if (replayed) c.header('idempotent-replayed', 'true');
  return c.json(a.body as object, a.status as ContentfulStatusCode);
};

/**
 * `POST /v1/webhooks/{config}`: Standard Webhooks. Authenticated by its signature (not by API
 * keys): its route module (integrations/mount.ts) exempts it from the `/v1/*` key check. `webhook-id` is the idempotency key: a
 * redelivery gets the stored answer and runs nothing; concurrent duplicates in one process
 * share one run. With `callback_url` it answers 202 and POSTs the result, signed with the same
 * secret, with bounded retries (a 4xx from the receiver stops them).
 */
export function mountWebhooks(app: Hono, app_: AppDeps, deps: IntegrationDeps): void {
  const inflight = new Map<string, Promise<Decision>>();
  documentWebhookRoute(app);

  app.post('/v1/webhooks/:config', async (c) => {
    const secret = requireSecret(deps.webhooks.secret, 'WEBHOOK_SECRET');
    const raw = await c.req.text();
    const headers = {
      'webhook-id': c.req.header('webhook-id'),
      'webhook-timestamp': c.req.header('webhook-timestamp'),
      'webhook-signature': c.req.header('webhook-signature'),
    };
    requireValid(verifyWebhook(secret, headers, raw), 'webhook-signature');

    const webhookId = headers['webhook-id']!;
    if (webhookId.length > MAX_ID_CHARS)
      throw new ClozeError('validation_failed', `webhook-id is longer than ${MAX_ID_CHARS} characters`, { field: 'webhook-id' });
    const name = configNameSchema.safeParse(c.req.param('config'));
    if (!name.success) throw new ClozeError('validation_failed', `config: ${name.error.issues[0]?.message ?? 'invalid'}`, { field: 'config' });
    const config = name.data;
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      throw new ClozeError('invalid_json', 'request body is not valid JSON', { field: 'body' });
    }
    // the URL's ?text_pointer= wins; else the config's webhook.text_pointer, looked up only for
    // payloads without text/texts (it needs the engine, which a cold start loads first)
    let pointer = c.req.query('text_pointer');
    if (pointer === undefined && !hasTextField(body)) pointer = (await (await app_.engine()).getConfig(config))?.config.webhook?.text_pointer;
    const callbackUrl = callbackUrlOf(body);
    if (callbackUrl) await checkOutboundUrl(callbackUrl, 'callback_url', deps.outbound);
    if (pointer === undefined) textsFromPayload(body, undefined, LIMITS.classifyTexts); // shape errors before claiming

    const key = `webhook:${config}:${webhookId}`;
    // The first request for a key decides (claim, then run or replay); duplicates arriving
    // meanwhile in this process await that decision instead of claiming again.
    const pending = inflight.get(key);
    if (pending) {
      const decided = await pending;
      return decided === 'in_progress' ? inProgress(c, webhookId) : answer(c, decided.answer, true);
    }
    const decide = async (): Promise<Decision> => {
      const seen = await deps.idempotency.claim(key);
      if (seen?.state === 'done') return { answer: seen.answer, replayed: true };
      if (seen) return 'in_progress';
      if (callbackUrl) {
        deps.background.run(c, `webhook ${webhookId}`, () => runWithCallback(callbackUrl));
        return { answer: { status: 202, body: { webhook_id: webhookId, config, status: 'accepted', callback_url: callbackUrl } }, replayed: false };
      }
      try {
        const result = await run();
        const a = { status: 200, body: result };
        await deps.idempotency.complete(key, a);
        return { answer: a, replayed: false };
      } catch (err) {
        await deps.idempotency.release(key); // nothing was processed: a redelivery may try again
        throw err;
      }
    };
    const run = async (): Promise<Record<string, unknown>> => runWebhook(await app_.engine(), config, body, pointer, webhookId);
    const runWithCallback = async (callbackUrl: string): Promise<void> => {
      let data: Record<string, unknown>;
      let status = 200;
      try {
        data = await run();
      } catch (err) {
        if (!isClozeError(err) || httpStatus(err) >= 500) {
          logError('webhook', webhookId, err);
          await deps.idempotency.release(key);
          return;
        }
        status = httpStatus(err);
        data = { webhook_id: webhookId, config, error: problemBody(toClozeError(err)) };
      }
      const payload = JSON.stringify({ type: data.error ? 'cloze.error' : 'cloze.result', timestamp: new Date().toISOString(), data });
      const callbackId = `${webhookId}.result`;
      const delivery = await deliver(
        callbackUrl,
        () => ({ method: 'POST', headers: { 'content-type': 'application/json', ...signWebhook(secret, callbackId, payload) }, body: payload }),
        { policy: deps.retry, guard: () => checkOutboundUrl(callbackUrl, 'callback_url', deps.outbound) },
      );
      if (!delivery.ok) logDeliveryFailed('webhook callback', webhookId, delivery);
      const callback = { url: callbackUrl, delivered: delivery.ok, attempts: delivery.attempts, ...(delivery.status ? { status: delivery.status } : {}) };
      await deps.idempotency.complete(key, { status, body: { ...data, callback } });
    };

    const p = decide();
    inflight.set(key, p);
    p.catch(() => undefined).finally(() => inflight.delete(key));
    const decided = await p;
    return decided === 'in_progress' ? inProgress(c, webhookId) : answer(c, decided.answer, decided.replayed);
  });
}
