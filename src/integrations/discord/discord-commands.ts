import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type APIApplicationCommandInteractionDataOption,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { MAX_COMMAND_TEXT, type CommandRequest } from '../common/run-command.js';

const textOption = (description: string) => ({
  type: ApplicationCommandOptionType.String as const,
  name: 'text',
  description,
  required: true,
  max_length: MAX_COMMAND_TEXT,
});

/** The slash commands, as `npm run discord:register` sends them (bulk overwrite). */
export const DISCORD_COMMANDS: RESTPutAPIApplicationCommandsJSONBody = [
  {
    type: ApplicationCommandType.ChatInput,
    name: 'classify',
    description: 'Zero-shot classification with a preset or stored config',
    options: [
      textOption('The text to classify'),
      { type: ApplicationCommandOptionType.String, name: 'config', description: 'Config name (default: sentiment)', required: false, max_length: 64 },
    ],
  },
  {
    type: ApplicationCommandType.ChatInput,
    name: 'ner',
    description: 'Find named entities (people, places, organizations…)',
    options: [textOption('The text')],
  },
  { type: ApplicationCommandType.ChatInput, name: 'fill', description: 'Fill in [MASK] in a sentence', options: [textOption('A sentence with [MASK]')] },
];

/** Turns a chat-input interaction into a command; undefined for a command we do not know. */
export function commandFromInteraction(name: string, options: readonly APIApplicationCommandInteractionDataOption[] = []): CommandRequest | undefined {
  const str = (key: string): string | undefined => {
    const o = options.find((x) => x.name === key);
    return o && o.type === ApplicationCommandOptionType.String && typeof o.value === 'string' ? o.value.trim() : undefined;
  };
  const text = (str('text') ?? '').slice(0, MAX_COMMAND_TEXT);
  switch (name) {
    case 'classify':
      return { kind: 'config', config: (str('config') || 'sentiment').toLowerCase(), text, expect: 'classify' };
    case 'ner':
      return { kind: 'config', config: 'ner', text, expect: 'ner' };
    case 'fill':
      return { kind: 'fill', text };
    default:
      return undefined;
  }
}
