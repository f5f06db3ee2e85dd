import { ClozeError } from '../errors.js';
import type { MaskedLM } from '../ports.js';
import { parseTemplate } from '../template/parse-template.js';
import { compileTemplateParts, type CompiledPart } from '../template/render-prompt.js';
import { compileVerbalizer, NONE_LABEL, type CompiledVerbalizer } from '../verbalizer/compile-verbalizer.js';
import { compileHead, type CompiledHead } from '../fewshot/head.js';
import { DEFAULT_TEMPERATURE } from '../scoring/temperature.js';
import { contentHash } from './content-hash.js';
import type { ClassifyConfig, NerConfig, PromptConfig } from './schema.js';

export { NONE_LABEL };

interface CompiledBase {
  /** Content hash of the config document. */
  hash: string;
  parts: CompiledPart[];
  /**
   * Every template a prompt is asked through: `parts` first, then a classify config's extra
   * `templates`; class scores are averaged over them (mean log-probability, renormalized).
   */
  ensemble: CompiledPart[][];
  verbalizer: CompiledVerbalizer;
  /** Class prior from content-free inputs, computed once (concurrent first requests share it) when calibration is used. */
  prior?: Promise<number[]>;
  /** Head fitted on the config's examples (`learned`); replaces content-free calibration. */
  head?: CompiledHead;
}

export interface CompiledClassify extends CompiledBase {
  task: 'classify';
  config: ClassifyConfig;
  /** Temperature of the final class scores: the fitted one, else `options.temperature`, else DEFAULT_TEMPERATURE. */
  temperature: number;
}

export interface CompiledNer extends CompiledBase {
  task: 'ner';
  config: NerConfig;
  /** Per-type thresholds fitted on the examples (`learned.thresholds`). */
  thresholds?: Readonly<Record<string, number>>;
}

export type CompiledConfig = CompiledClassify | CompiledNer;

/** Room a template must leave for the text (and span), in tokens. */
const MIN_TEXT_ROOM = 16;

function checkFits(parts: CompiledPart[], verbalizer: CompiledVerbalizer, model: MaskedLM, field = 'template'): void {
  const fixed = 2 + parts.reduce((n, p) => n + (p.kind === 'literal' ? p.ids.length : 0), 0) + Math.max(...verbalizer.maskCounts);
  if (fixed + MIN_TEXT_ROOM > model.maxLength) {
    throw new ClozeError(
      'template_too_long',
      `the template takes ${fixed} of the model's ${model.maxLength} tokens, leaving less than ${MIN_TEXT_ROOM} for the text`,
      { field },
    );
  }
}

/**
 * Validates a config against a model: parses the template, tokenizes literal template
 * parts and label words. Errors name the offending field.
 */
export function compileConfig(config: PromptConfig, model: MaskedLM, hash = contentHash(config)): CompiledConfig {
  if (config.task === 'classify') {
    const parts = compileTemplateParts(parseTemplate(config.template, { required: ['text'], allowed: ['text'] }), model.tokenizer);
    const verbalizer = compileVerbalizer(config.verbalizer, model.tokenizer);
    checkFits(parts, verbalizer, model);
    const extra = (config.templates ?? []).map((t, i) => {
      const field = `templates[${i}]`;
      const p = compileTemplateParts(parseTemplate(t, { required: ['text'], allowed: ['text'] }, field), model.tokenizer);
      checkFits(p, verbalizer, model, field);
      return p;
    });
    const head = config.learned ? compileHead(config.learned, verbalizer.labels, model.tokenizer) : undefined;
    const temperature = config.learned?.temperature ?? config.options.temperature ?? DEFAULT_TEMPERATURE;
    return { task: 'classify', hash, config, parts, ensemble: [parts, ...extra], verbalizer, temperature, ...(head && { head }) };
  }
  if (Object.hasOwn(config.types, NONE_LABEL)) {
    throw new ClozeError('validation_failed', `"${NONE_LABEL}" is reserved for "not an entity" (its words are options.none_words)`, {
      field: `types.${NONE_LABEL}`,
    });
  }
  const parts = parseTemplate(config.template, { required: ['span'], allowed: ['text', 'span'] });
  const words: Record<string, string[]> = { ...config.types };
  if (config.options.none_words.length > 0) words[NONE_LABEL] = config.options.none_words;
  const verbalizer = compileVerbalizer(words, model.tokenizer, (label, i) => (label === NONE_LABEL ? `options.none_words[${i}]` : `types.${label}[${i}]`));
  const compiledParts = compileTemplateParts(parts, model.tokenizer);
  checkFits(compiledParts, verbalizer, model);
  const head = config.learned ? compileHead(config.learned, verbalizer.labels, model.tokenizer) : undefined;
  const thresholds = config.learned?.thresholds;
  return { task: 'ner', hash, config, parts: compiledParts, ensemble: [compiledParts], verbalizer, ...(head && { head }), ...(thresholds && { thresholds }) };
}
