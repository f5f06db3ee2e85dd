import type { ConfigRef } from '../../core/engine.js';
import { zodToClozeError } from '../../core/engine.js';
import { configSchema } from '../../core/config/schema.js';
import { ClozeError } from '../../core/errors.js';

interface InlineFields {
  config?: string;
  template?: string;
  /** Extra templates of an inline classify ensemble. */
  templates?: string[];
  options?: Record<string, unknown>;
}

/**
 * A request names a config (`config`) or gives one inline (`template` plus `verbalizer` or
 * `types`), never both. Inline configs are validated like stored ones.
 */
export function configRefFrom(
  body: InlineFields & { verbalizer?: Record<string, string[]>; types?: Record<string, string[]> },
  task: 'classify' | 'ner',
  defaultName: string,
): ConfigRef {
  const words = task === 'classify' ? body.verbalizer : body.types;
  const wordsField = task === 'classify' ? 'verbalizer' : 'types';
  const inline = body.template !== undefined || body.templates !== undefined || words !== undefined;
  if (!inline) {
    if (body.options) throw new ClozeError('validation_failed', '`options` only applies to an inline config (template + ' + wordsField + ')', { field: 'options' });
    return { name: body.config ?? defaultName };
  }
  if (body.config !== undefined) throw new ClozeError('validation_failed', 'give either `config` or an inline `template`, not both', { field: 'config' });
  if (body.template === undefined) throw new ClozeError('validation_failed', `an inline config needs \`template\` with \`${wordsField}\``, { field: 'template' });
  if (words === undefined) throw new ClozeError('validation_failed', `an inline config needs \`${wordsField}\` with \`template\``, { field: wordsField });
  const parsed = configSchema.safeParse({ task, template: body.template, ...(body.templates !== undefined && { templates: body.templates }), [wordsField]: words, options: body.options ?? {} });
  if (!parsed.success) throw zodToClozeError(parsed.error.issues);
  return { inline: parsed.data };
}

/** Exactly one of `text` / `texts`; returns the texts and whether the caller sent a list. */
export function textsOf(body: { text?: string; texts?: string[] }): { texts: string[]; many: boolean } {
  if ((body.text === undefined) === (body.texts === undefined)) {
    throw new ClozeError('validation_failed', 'give exactly one of `text` or `texts`', { field: 'text' });
  }
  return body.texts ? { texts: body.texts, many: true } : { texts: [body.text!], many: false };
}
