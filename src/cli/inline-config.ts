import { configSchema } from '../core/config/schema.js';
import { zodToClozeError, type ConfigRef } from '../core/engine.js';
import { ClozeError } from '../core/errors.js';
import { parseJsonOption } from './io.js';

export interface ConfigFlags {
  config?: string;
  template?: string;
  verbalizer?: string;
  types?: string;
  options?: string;
}

/**
 * `--config NAME`, or an inline config from `--template` with `--verbalizer` / `--types`
 * (JSON), validated like a stored one: the same rules as the HTTP API's inline configs.
 */
export function configRefFromFlags(flags: ConfigFlags, task: 'classify' | 'ner', defaultName: string): ConfigRef {
  const wordsField = task === 'classify' ? 'verbalizer' : 'types';
  const words = flags[wordsField];
  if (flags.template === undefined && words === undefined) {
    if (flags.options !== undefined)
      throw new ClozeError('validation_failed', `--options only applies to an inline config (--template with --${wordsField})`, { field: 'options' });
    return { name: flags.config ?? defaultName };
  }
  if (flags.config !== undefined) throw new ClozeError('validation_failed', 'give either --config or an inline --template, not both', { field: 'config' });
  if (flags.template === undefined || words === undefined) {
    throw new ClozeError('validation_failed', `an inline config needs both --template and --${wordsField}`, {
      field: flags.template === undefined ? 'template' : wordsField,
    });
  }
  const doc = {
    task,
    template: flags.template,
    [wordsField]: parseJsonOption(words, wordsField),
    options: flags.options === undefined ? {} : parseJsonOption(flags.options, 'options'),
  };
  const parsed = configSchema.safeParse(doc);
  if (!parsed.success) throw zodToClozeError(parsed.error.issues);
  return { inline: parsed.data };
}
