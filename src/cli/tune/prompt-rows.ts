import { compileConfig } from '../../core/config/compile-config.js';
import type { ClassifyExample, NerConfig, NerExample, PromptConfig } from '../../core/config/schema.js';
import { nerRows } from '../../core/fewshot/ner-rows.js';
import type { MaskedLM } from '../../core/ports.js';
import type { SlotValues } from '../../core/tasks/score-prompts.js';
import { renderPrompt } from '../../core/template/render-prompt.js';

/** One prompt the engine asks, as token ids: [CLS] … [SEP], its mask position, its class, and which example it came from. */
export interface PromptRow {
  ids: number[];
  mask: number;
  label: number;
  example: number;
}

export interface PromptRows {
  /** The classes, in the verbalizer's order (NER: its types, then `__none__` for `options.none_words`). */
  labels: string[];
  /** Each class's label words as vocabulary ids (the first piece of a several-piece word). */
  words: number[][];
  rows: PromptRow[];
  /** The token ids of each example's text (at most maxLength − 2), for the MLM term of prompt tuning. */
  texts: number[][];
}

/**
 * The exact prompts the engine asks for a config's examples (its zero-shot part: template,
 * words, options), as token ids: for classify one row per example and template (`template`,
 * then `templates`); for NER the fit step's rows (src/core/fewshot/ner-rows.ts), every
 * candidate span of the example sentences with its gold type or the "none" class. What
 * `cloze-edge tune` trains on, and tools/finetune/prompt-rows.ts writes for finetune.py.
 */
export function promptRows(model: MaskedLM, config: PromptConfig, examples: readonly (ClassifyExample | NerExample)[]): PromptRows {
  const compiled = compileConfig(config, model);
  const labels = compiled.verbalizer.labels;
  const rows: PromptRow[] = [];
  const render = (parts: typeof compiled.parts, values: SlotValues, label: number, example: number) => {
    const r = renderPrompt(parts, values, model.tokenizer, { maxLength: model.maxLength, maskCount: 1 });
    rows.push({ ids: r.ids, mask: r.maskPositions[0]!, label, example });
  };
  if (config.task === 'ner') {
    const ner = nerRows(model, config as NerConfig, labels, examples as NerExample[]);
    // `views` consecutive inputs per candidate span (the config's context views)
    ner.inputs.forEach((values, i) => {
      const row = Math.floor(i / ner.views);
      render(compiled.parts, values, ner.y[row]!, ner.sentence[row]!);
    });
  } else {
    (examples as ClassifyExample[]).forEach((e, i) => {
      const text = model.tokenizer.encodePlain(e.text);
      for (const parts of compiled.ensemble) render(parts, { text }, labels.indexOf(e.label), i);
    });
  }
  return {
    labels: [...labels],
    words: compiled.verbalizer.words.map((ws) => ws.map((w) => w.ids[0]!)),
    rows,
    texts: examples.map((e) => model.tokenizer.encodePlain(e.text).slice(0, model.maxLength - 2)),
  };
}
