import type { APIEmbed, APIInteractionResponseCallbackData } from 'discord-api-types/v10';
import { MessageFlags } from 'discord-api-types/v10';
import { inlineEntities } from '../slack/slack-blocks.js';
import { percent, scoreBar, type CommandOutcome } from '../common/run-command.js';

/** Discord markdown: escape the characters that format. */
export const escapeMarkdown = (s: string): string => s.replace(/([\\*_~`|>#[\]()-])/g, '\\$1');
const cap = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

const COLOR = 0x5865f2;

const DISCORD_USAGE = [
  '`/classify text:<text> config:<name>` — any preset or stored config (default `sentiment`)',
  '`/ner text:<text>` — named entities',
  '`/fill text:<sentence with [MASK]>` — fill in the masks',
];

/** A command's outcome as a message with one embed (usage and errors only to the caller). */
export function discordMessage(outcome: CommandOutcome): APIInteractionResponseCallbackData {
  switch (outcome.kind) {
    case 'usage':
      return {
        content: cap(`${outcome.error ? `${outcome.error}\n` : ''}${DISCORD_USAGE.join('\n')}`, 2_000),
        flags: MessageFlags.Ephemeral,
      };
    case 'classify': {
      const { label, scores } = outcome.result;
      const rows = Object.entries(scores)
        .sort((a, b) => b[1] - a[1])
        .map(([l, s]) => `${scoreBar(s)} ${percent(s).padStart(6)}  ${l}`);
      const embed: APIEmbed = {
        title: cap(`${outcome.config} → ${label} (${percent(scores[label] ?? 0)})`, 256),
        description: cap(`\`\`\`\n${rows.join('\n').replaceAll('`', "'")}\n\`\`\``, 4_000),
        footer: { text: cap(outcome.text, 2_000) },
        color: COLOR,
      };
      return { embeds: [embed] };
    }
    case 'ner': {
      const { entities } = outcome.result;
      const embed: APIEmbed = {
        title: cap(`${outcome.config}: ${entities.length} entit${entities.length === 1 ? 'y' : 'ies'}`, 256),
        description: cap(
          inlineEntities(outcome.text, entities, (span, e) => `**${span}** *(${escapeMarkdown(e.type)})*`, escapeMarkdown),
          4_000,
        ),
        fields: entities.slice(0, 25).map((e) => ({ name: cap(e.text, 256), value: `${e.type} · ${percent(e.score)}`, inline: true })),
        color: COLOR,
      };
      return { embeds: [embed] };
    }
    case 'fill': {
      const best = outcome.predictions.map((p) => p[0]?.token ?? '?');
      let k = 0;
      const filled = outcome.text
        .split('[MASK]')
        .map(escapeMarkdown)
        .reduce((acc, piece, i) => (i === 0 ? piece : `${acc}**${escapeMarkdown(best[k++] ?? '?')}**${piece}`), '');
      const embed: APIEmbed = {
        title: 'fill',
        description: cap(filled, 4_000),
        fields: outcome.predictions.slice(0, 25).map((preds, i) => ({
          name: `[MASK] ${i + 1}`,
          value: cap(preds.map((p) => `${p.token} ${percent(p.score)}`).join(' · '), 1_024),
        })),
        color: COLOR,
      };
      return { embeds: [embed] };
    }
  }
}

export const discordFailed = (id: string): APIInteractionResponseCallbackData => ({
  content: `Something went wrong on our side (request \`${id}\`). Please try again.`,
  flags: MessageFlags.Ephemeral,
});
