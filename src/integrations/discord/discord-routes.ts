import type { OpenAPIHono as Hono } from '@hono/zod-openapi';
import { InteractionResponseType, InteractionType, MessageFlags } from 'discord-api-types/v10';
import { z } from 'zod';
import { ClozeError } from '../../core/errors.js';
import type { AppDeps } from '../../http/app-env.js';
import type { IntegrationDeps } from '../settings.js';
import { answerInTime, type Timely } from '../common/answer-in-time.js';
import { deliver } from '../common/deliver.js';
import { limitChatBody, logDeliveryFailed, logError, requireSecret, requireValid } from '../common/http.js';
import { runCommand, type CommandOutcome } from '../common/run-command.js';
import { commandFromInteraction } from './discord-commands.js';
import { discordFailed, discordMessage } from './discord-message.js';
import { verifyDiscordRequest } from './verify-discord.js';

/** The fields we read; the payload is signed by Discord, this only keeps a bad one from crashing us. */
const interactionSchema = z
  .object({
    id: z.string().max(64),
    type: z.number().int(),
    application_id: z.string().regex(/^\d{1,32}$/),
    token: z.string().regex(/^[\w.-]{1,1000}$/),
    data: z
      .object({
        name: z.string().max(64),
        options: z
          .array(z.object({ name: z.string(), type: z.number().int(), value: z.unknown().optional() }).passthrough())
          .max(25)
          .optional(),
      })
      .passthrough()
      .optional(),
  })
  .passthrough();

/**
 * `POST /integrations/discord/interactions`: Ed25519-verified interactions. PING → PONG;
 * `/classify`, `/ner`, `/fill` answer with an embed at once when the model is warm, else with
 * a deferred response (type 5) and then edit the original message through the webhook API.
 */
export function mountDiscord(app: Hono, app_: AppDeps, deps: IntegrationDeps): void {
  app.post('/integrations/discord/interactions', limitChatBody, async (c) => {
    const key = requireSecret(deps.discord.publicKey, 'DISCORD_PUBLIC_KEY');
    const raw = await c.req.text();
    const verdict = await verifyDiscordRequest(key, { signature: c.req.header('x-signature-ed25519'), timestamp: c.req.header('x-signature-timestamp') }, raw);
    requireValid(verdict, 'x-signature-ed25519');

    let parsed: z.infer<typeof interactionSchema>;
    try {
      parsed = interactionSchema.parse(JSON.parse(raw));
    } catch {
      throw new ClozeError('validation_failed', 'not a Discord interaction', { field: 'body' });
    }
    if (parsed.type === InteractionType.Ping) return c.json({ type: InteractionResponseType.Pong });
    const reply = (data: object) => c.json({ type: InteractionResponseType.ChannelMessageWithSource, data });
    if (parsed.type !== InteractionType.ApplicationCommand || !parsed.data) {
      return reply({ content: 'This interaction is not supported.', flags: MessageFlags.Ephemeral });
    }
    // Option shapes come from Discord's signed payload; the zod pass above checked the fields read.
    const request = commandFromInteraction(parsed.data.name, (parsed.data.options ?? []) as never);
    if (!request) return reply(discordMessage({ kind: 'usage', error: `Unknown command \`${parsed.data.name}\`.` }));
    if (request.text === '') return reply(discordMessage({ kind: 'usage', error: 'Give a text.' }));

    const id = parsed.id;
    let timely: Timely<CommandOutcome>;
    try {
      timely = await answerInTime(app_, deps.inlineBudgetMs, (engine) => runCommand(engine, request));
    } catch (err) {
      logError('discord interaction', id, err);
      return reply(discordFailed(id));
    }
    if (timely.inTime) return reply(discordMessage(timely.value));

    const late = timely.late;
    const url = `${deps.discord.apiBase}/webhooks/${parsed.application_id}/${parsed.token}/messages/@original`;
    deps.background.run(c, `discord interaction ${id}`, async () => {
      let data: object;
      try {
        data = discordMessage(await late);
      } catch (err) {
        logError('discord interaction', id, err);
        data = discordFailed(id);
      }
      const body = JSON.stringify(data);
      const r = await deliver(url, () => ({ method: 'PATCH', headers: { 'content-type': 'application/json' }, body }), { policy: deps.retry });
      if (!r.ok) logDeliveryFailed('discord follow-up', id, r);
    });
    return c.json({ type: InteractionResponseType.DeferredChannelMessageWithSource });
  });
}
