import type { Context } from 'hono';
import { z } from 'zod';
import { ClozeError } from '../../core/errors.js';
import type { AppDeps } from '../../http/app-env.js';
import type { IntegrationDeps } from '../settings.js';
import { deliver } from '../common/deliver.js';
import { logDeliveryFailed, logError } from '../common/http.js';
import { parseCommandText, runCommand, type CommandOutcome } from '../common/run-command.js';
import { slackFailed, slackMessage, type SlackMessage } from './slack-blocks.js';
import { log } from '../../core/log.js';

const eventEnvelope = z.discriminatedUnion('type', [
  z.object({ type: z.literal('url_verification'), challenge: z.string().max(1_000) }),
  z.object({
    type: z.literal('event_callback'),
    event_id: z.string().min(1).max(200),
    event: z
      .object({
        type: z.string(),
        text: z.string().max(40_000).optional(),
        channel: z.string().max(200).optional(),
        ts: z.string().max(100).optional(),
        thread_ts: z.string().max(100).optional(),
        bot_id: z.string().optional(),
      })
      .passthrough(),
  }),
  z.object({ type: z.literal('app_rate_limited') }).passthrough(),
]);

/** `<@U123> sentiment: great` → `sentiment: great` */
export const stripMentions = (text: string): string => text.replace(/<@[A-Z0-9]+(\|[^>]*)?>/gi, '').trim();

/**
 * The Events API: `url_verification` echoes the challenge; each `event_callback` is claimed by
 * its `event_id`, so Slack's retries (`X-Slack-Retry-Num`, sent when an answer was slow) are
 * acknowledged without being processed again. An `app_mention` is answered in its thread
 * with chat.postMessage, after the 200 (Slack wants it within 3 s).
 */
export async function handleSlackEvent(c: Context, raw: string, app: AppDeps, deps: IntegrationDeps): Promise<Response> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new ClozeError('invalid_json', 'request body is not valid JSON', { field: 'body' });
  }
  const parsed = eventEnvelope.safeParse(json);
  if (!parsed.success) return c.json({ ok: true, ignored: true }); // event kinds we do not handle
  const payload = parsed.data;
  if (payload.type === 'url_verification') return c.json({ challenge: payload.challenge });
  if (payload.type !== 'event_callback') return c.json({ ok: true });

  const key = `slack-event:${payload.event_id}`;
  const seen = await deps.idempotency.claim(key);
  if (seen) return c.json({ ok: true, duplicate: true });
  await deps.idempotency.complete(key, { status: 200, body: { ok: true } });

  const event = payload.event;
  if (event.type !== 'app_mention' || event.bot_id || !event.channel || !event.ts) return c.json({ ok: true });
  const token = deps.slack.botToken;
  if (!token) {
    log('warn', { msg: 'app_mention not answered: SLACK_BOT_TOKEN is not set', id: payload.event_id });
    return c.json({ ok: true });
  }
  const channel = event.channel;
  const thread = event.thread_ts ?? event.ts;
  const request = parseCommandText(stripMentions(event.text ?? '').slice(0, 5_000));
  deps.background.run(c, `slack event ${payload.event_id}`, async () => {
    let message: SlackMessage;
    try {
      const outcome: CommandOutcome = request.kind === 'usage' ? request : await runCommand(await app.engine(), request);
      message = slackMessage(outcome, 'in_channel');
    } catch (err) {
      logError('slack app_mention', payload.event_id, err);
      message = slackFailed(payload.event_id);
    }
    const body = JSON.stringify({ channel, thread_ts: thread, text: message.text, blocks: message.blocks });
    const init = { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${token}` }, body };
    const r = await deliver(`${deps.slack.apiBase}/chat.postMessage`, () => init, { policy: deps.retry });
    if (!r.ok) logDeliveryFailed('chat.postMessage', payload.event_id, r);
  });
  return c.json({ ok: true });
}
