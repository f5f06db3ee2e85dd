import type { PromptEngine } from '../../core/engine.js';
import { isClozeError } from '../../core/errors.js';
import { httpStatus } from '../../http/status.js';
import type { ClassifyResult, Prediction } from '../../core/tasks/classify.js';
import type { NerResult } from '../../core/tasks/ner.js';

/** Longest text a chat command may carry (Slack caps command text at 4 000 characters). */
export const MAX_COMMAND_TEXT = 4_000;

/** What a chat command asks for: `fill`, NER or classification with a named config. */
export type CommandRequest = { kind: 'fill'; text: string } | { kind: 'config'; config: string; text: string; expect?: 'classify' | 'ner' };

export type CommandOutcome =
  | { kind: 'classify'; config: string; text: string; result: ClassifyResult }
  | { kind: 'ner'; config: string; text: string; result: NerResult }
  | { kind: 'fill'; text: string; predictions: Prediction[][] }
  | { kind: 'usage'; error?: string };

export const USAGE_LINES = [
  '`sentiment: I loved it` — classify with any preset or stored config (`topic`, `question`, yours…)',
  '`ner: John went to Paris` — named entities',
  '`fill: NLP is a [MASK] technology.` — fill in the masks',
  '`help` — this text',
];

/**
 * Parses `name: text` (Slack command text, a bot mention). `help`, an empty text or a missing
 * colon give usage (with what was wrong, if anything).
 */
export function parseCommandText(raw: string): CommandRequest | { kind: 'usage'; error?: string } {
  const text = raw.trim();
  if (text === '' || /^help$/i.test(text)) return { kind: 'usage' };
  const m = /^([A-Za-z0-9][A-Za-z0-9_.-]{0,63})\s*:\s*([\s\S]*)$/.exec(text);
  if (!m) return { kind: 'usage', error: 'Write `name: text`.' };
  const name = m[1]!.toLowerCase();
  const body = m[2]!.trim();
  if (body === '') return { kind: 'usage', error: `Give a text after \`${name}:\`.` };
  if (body.length > MAX_COMMAND_TEXT) return { kind: 'usage', error: `The text is longer than ${MAX_COMMAND_TEXT} characters.` };
  return name === 'fill' ? { kind: 'fill', text: body } : { kind: 'config', config: name, text: body };
}

/**
 * Runs a command on the engine. Mistakes a user can fix (unknown config, no `[MASK]`, text
 * too long…) come back as usage with the engine's message; anything else is thrown.
 */
export async function runCommand(engine: PromptEngine, req: CommandRequest): Promise<CommandOutcome> {
  try {
    if (req.kind === 'fill') {
      const masked = req.text.replaceAll('[MASK]', engine.model.tokenizer.maskToken);
      return { kind: 'fill', text: req.text, predictions: await engine.fillMask(masked, { topK: 5 }) };
    }
    const stored = await engine.getConfig(req.config);
    if (!stored) return { kind: 'usage', error: `No config named \`${req.config}\`.` };
    const task = req.expect ?? stored.config.task;
    if (task === 'ner') {
      const [result] = await engine.ner({ name: req.config }, [req.text]);
      return { kind: 'ner', config: req.config, text: req.text, result: result! };
    }
    const [result] = await engine.classify({ name: req.config }, [req.text]);
    return { kind: 'classify', config: req.config, text: req.text, result: result! };
  } catch (err) {
    if (isClozeError(err) && httpStatus(err) < 500) return { kind: 'usage', error: err.message };
    throw err;
  }
}

/** A text bar for a probability, e.g. `████████░░` for 0.8. */
export function scoreBar(score: number, width = 10): string {
  const filled = Math.max(0, Math.min(width, Math.round(score * width)));
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

export const percent = (score: number): string => `${(score * 100).toFixed(1)}%`;
