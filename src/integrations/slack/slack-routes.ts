import type { Context } from 'hono';
import type { OpenAPIHono as Hono } from '@hono/zod-openapi';
import { ClozeError } from '../../core/errors.js';
import type { AppDeps } from '../../http/app-env.js';
import type { IntegrationDeps } from '../settings.js';
import { answerInTime, type Timely } from '../common/answer-in-time.js';
import { deliver } from '../common/deliver.js';
import { checkOutboundUrl } from '../common/outbound-url.js';
import { limitChatBody, logDeliveryFailed, logError, requestIdOf, requireSecret, requireValid } from '../common/http.js';
import { parseCommandText, runCommand, type CommandOutcome } from '../common/run-command.js';
import { slackFailed, slackMessage, slackWorking, type SlackMessage } from './slack-blocks.js';
import { handleSlackEvent } from './slack-events.js';
import { verifySlackRequest } from './verify-slack.js';

/** The raw body of a request whose Slack signature verified (401 otherwise, before anything is parsed). */
export async function verifiedSlackBody(c: Context, deps: IntegrationDeps): Promise<string> {
  const secret = requireSecret(deps.slack.signingSecret, 'SLACK_SIGNING_SECRET');
  const raw = await c.req.text();
  const verdict = await verifySlackRequest(secret, { timestamp: c.req.header('x-slack-request-timestamp'), signature: c.req.header('x-slack-signature') }, raw);
  requireValid(verdict, 'x-slack-signature');
  return raw;
}

export function allowedResponseUrl(url: string | null, deps: IntegrationDeps): url is string {
  return url !== null && deps.slack.responseUrlPrefixes.some((p) => url.startsWith(p));
}

/** POSTs a message to a slash command's `response_url`, with bounded retries. */
export async function postToResponseUrl(url: string, message: SlackMessage, deps: IntegrationDeps, id: string): Promise<void> {
  const body = JSON.stringify(message);
  const r = await deliver(url, () => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body }), {
    policy: deps.retry,
    guard: () => checkOutboundUrl(url, 'response_url', deps.outbound),
  });
  if (!r.ok) logDeliveryFailed('slack response_url delivery', id, r);
}

/**
 * `POST /integrations/slack/commands` (slash commands) and `/integrations/slack/events`
 * (Events API). Both are authenticated by Slack's signature, not by API keys.
 */
export function mountSlack(app: Hono, app_: AppDeps, deps: IntegrationDeps): void {
  app.post('/integrations/slack/commands', limitChatBody, async (c) => {
    const form = new URLSearchParams(await verifiedSlackBody(c, deps));
    // A signed request replayed within Slack's 5-minute window is answered from what the
    // first one answered, and runs nothing again.
    const key = `slack-command:${c.req.header('x-slack-request-timestamp')}:${c.req.header('x-slack-signature')}`;
    const seen = await deps.idempotency.claim(key);
    if (seen?.state === 'done') return c.json(seen.answer.body as SlackMessage);
    if (seen) return c.json(slackWorking());
    let message: SlackMessage;
    try {
      message = await slashCommand(c, form, app_, deps);
    } catch (err) {
      await deps.idempotency.release(key);
      throw err;
    }
    await deps.idempotency.complete(key, { status: 200, body: message });
    return c.json(message);
  });

  app.post('/integrations/slack/events', limitChatBody, async (c) => handleSlackEvent(c, await verifiedSlackBody(c, deps), app_, deps));
}

/** Runs one verified slash command: the answer now, or an acknowledgement and the answer later through `response_url`. */
async function slashCommand(c: Context, form: URLSearchParams, app_: AppDeps, deps: IntegrationDeps): Promise<SlackMessage> {
  const id = form.get('trigger_id') || requestIdOf(c);
  let text = form.get('text') ?? '';
  let visibility: 'ephemeral' | 'in_channel' = 'ephemeral';
  if (/^public\s+/i.test(text)) {
    visibility = 'in_channel';
    text = text.replace(/^public\s+/i, '');
  }
  const request = parseCommandText(text);
  if (request.kind === 'usage') return slackMessage(request);

  let timely: Timely<CommandOutcome>;
  try {
    timely = await answerInTime(app_, deps.inlineBudgetMs, (engine) => runCommand(engine, request));
  } catch (err) {
    logError('slack command', id, err);
    return slackFailed(id);
  }
  if (timely.inTime) return slackMessage(timely.value, visibility);

  const responseUrl = form.get('response_url');
  const refused = !allowedResponseUrl(responseUrl, deps)
    ? new ClozeError('validation_failed', `response_url is not under SLACK_RESPONSE_URL_PREFIXES: ${responseUrl}`, { field: 'response_url' })
    : await checkOutboundUrl(responseUrl, 'response_url', deps.outbound).then(
        () => undefined,
        (err: unknown) => err,
      );
  if (refused !== undefined) {
    timely.late.catch(() => undefined);
    logError('slack command', id, refused);
    return slackFailed(id);
  }
  const late = timely.late;
  deps.background.run(c, `slack command ${id}`, async () => {
    let message: SlackMessage;
    try {
      message = slackMessage(await late, visibility);
    } catch (err) {
      logError('slack command', id, err);
      message = slackFailed(id);
    }
    await postToResponseUrl(responseUrl!, message, deps, id);
  });
  return slackWorking();
}
