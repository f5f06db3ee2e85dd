import type { Entity } from '../../core/tasks/ner.js';
import { percent, scoreBar, USAGE_LINES, type CommandOutcome } from '../common/run-command.js';

/** A Slack message: Block Kit blocks plus the plain `text` fallback used in notifications. */
export interface SlackMessage {
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
  text: string;
  blocks: Record<string, unknown>[];
}

/** Slack's mrkdwn needs only &, < and > escaped. */
export const escapeMrkdwn = (s: string): string => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

const section = (text: string): Record<string, unknown> => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string): Record<string, unknown> => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });
/** Section text is capped at 3 000 characters by Slack. */
const cap = (s: string, n = 2_900): string => (s.length > n ? `${s.slice(0, n)}…` : s);

/** The text with each entity inline: `*Paris* _(location)_`. */
export function inlineEntities(text: string, entities: readonly Entity[], mark: (span: string, e: Entity) => string, esc: (s: string) => string): string {
  let out = '';
  let at = 0;
  for (const e of [...entities].sort((a, b) => a.start - b.start)) {
    if (e.start < at) continue;
    out += esc(text.slice(at, e.start)) + mark(esc(text.slice(e.start, e.end)), e);
    at = e.end;
  }
  return out + esc(text.slice(at));
}

/** Renders a command's outcome as Block Kit (label and score bars as text, entities inline). */
export function slackMessage(outcome: CommandOutcome, responseType: 'ephemeral' | 'in_channel' = 'ephemeral'): SlackMessage {
  const base = { response_type: responseType };
  switch (outcome.kind) {
    case 'usage': {
      const lines = USAGE_LINES.map((l) => `• ${l}`).join('\n');
      const head = outcome.error ? `${escapeMrkdwn(outcome.error)}\n` : '';
      return { ...base, response_type: 'ephemeral', text: `${outcome.error ?? 'Usage'}`, blocks: [section(`${head}*Usage*\n${lines}`)] };
    }
    case 'classify': {
      const { label, scores } = outcome.result;
      const rows = Object.entries(scores)
        .sort((a, b) => b[1] - a[1])
        .map(([l, s]) => `${scoreBar(s)} ${percent(s).padStart(6)}  ${l}`);
      return {
        ...base,
        text: `${outcome.config}: ${label} (${percent(scores[label] ?? 0)})`,
        blocks: [
          section(`*${escapeMrkdwn(outcome.config)}* → *${escapeMrkdwn(label)}* (${percent(scores[label] ?? 0)})`),
          section(cap(`\`\`\`${escapeMrkdwn(rows.join('\n'))}\`\`\``)),
          context(cap(`> ${escapeMrkdwn(outcome.text)}`, 1_900)),
        ],
      };
    }
    case 'ner': {
      const { entities } = outcome.result;
      const marked = inlineEntities(outcome.text, entities, (span, e) => `*${span}* _(${escapeMrkdwn(e.type)})_`, escapeMrkdwn);
      const list = entities.map((e) => `${escapeMrkdwn(e.text)} → ${escapeMrkdwn(e.type)} ${percent(e.score)}`).join(', ');
      return {
        ...base,
        text: entities.length ? `${outcome.config}: ${entities.map((e) => `${e.text} (${e.type})`).join(', ')}` : `${outcome.config}: no entities`,
        blocks: [section(cap(marked)), context(cap(entities.length ? list : 'no entities found', 1_900))],
      };
    }
    case 'fill': {
      const rows = outcome.predictions.map((preds, i) => `mask ${i + 1}: ${preds.map((p) => `${p.token} ${percent(p.score)}`).join(' · ')}`);
      const best = outcome.predictions.map((p) => p[0]?.token ?? '?');
      let k = 0;
      const filled = escapeMrkdwn(outcome.text).replaceAll('[MASK]', () => `*${escapeMrkdwn(best[k++] ?? '?')}*`);
      return {
        ...base,
        text: `fill: ${best.join(', ')}`,
        blocks: [section(cap(filled)), section(cap(`\`\`\`${escapeMrkdwn(rows.join('\n'))}\`\`\``))],
      };
    }
  }
}

/** The immediate answer when the result follows through `response_url`. */
export const slackWorking = (): SlackMessage => ({
  response_type: 'ephemeral',
  text: 'Working on it…',
  blocks: [context('⏳ Working on it — the answer follows in a moment.')],
});

export const slackFailed = (id: string): SlackMessage => ({
  response_type: 'ephemeral',
  text: 'Something went wrong.',
  blocks: [section(`Something went wrong on our side (request \`${escapeMrkdwn(id)}\`). Please try again.`)],
});
