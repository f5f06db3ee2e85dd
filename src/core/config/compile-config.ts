import type { MaskedLM } from '../ports.js';
import { parseTemplate } from '../template/parse-template.js';
import { compileTemplateParts, type CompiledPart } from '../template/render-prompt.js';
import { compileVerbalizer, type CompiledVerbalizer } from '../verbalizer/compile-verbalizer.js';
import { contentHash } from './content-hash.js';
import type { ClassifyConfig, NerConfig, PromptConfig } from './schema.js';

export const NONE_LABEL = '__none__';

interface CompiledBase {
  /** Content hash of the config document. */
  hash: string;
  parts: CompiledPart[];
  verbalizer: CompiledVerbalizer;
  /** Class prior from content-free inputs, filled lazily when calibration is used. */
  prior?: number[];
}

export interface CompiledClassify extends CompiledBase {
  task: 'classify';
  config: ClassifyConfig;
}

export interface CompiledNer extends CompiledBase {
  task: 'ner';
  config: NerConfig;
}

export type CompiledConfig = CompiledClassify | CompiledNer;

/**
 * Validates a config against a model: parses the template, tokenizes literal template
 * parts and label words. Errors name the offending field.
 */
export function compileConfig(config: PromptConfig, model: MaskedLM): CompiledConfig {
  const hash = contentHash(config);
  if (config.task === 'classify') {
    const parts = parseTemplate(config.template, { required: ['text'], allowed: ['text'] });
    return {
      task: 'classify',
      hash,
      config,
      parts: compileTemplateParts(parts, model.tokenizer),
      verbalizer: compileVerbalizer(config.verbalizer, model.tokenizer),
    };
  }
  const parts = parseTemplate(config.template, { required: ['span'], allowed: ['text', 'span'] });
  const words: Record<string, string[]> = { ...config.types };
  if (config.options.none_words.length > 0) words[NONE_LABEL] = config.options.none_words;
  const verbalizer = compileVerbalizer(words, model.tokenizer, (label, i) =>
    label === NONE_LABEL ? `options.none_words[${i}]` : `types.${label}[${i}]`,
  );
  return { task: 'ner', hash, config, parts: compileTemplateParts(parts, model.tokenizer), verbalizer };
}
