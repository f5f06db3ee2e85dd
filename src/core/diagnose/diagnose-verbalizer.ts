import type { CompiledConfig } from '../config/compile-config.js';
import type { MaskedLM, MaskedRow } from '../ports.js';
import { logSoftmax } from '../scoring/log-softmax.js';
import { classPrior, CONTENT_FREE } from '../tasks/score-prompts.js';
import { renderPrompt } from '../template/render-prompt.js';

export interface WordDiagnosis {
  label: string;
  word: string;
  /** The word's sub-tokens as the model sees it mid-sentence. */
  pieces: string[];
  token_ids: number[];
  /** Probability of the word at the mask(s) for the content-free inputs (mean of "N/A" and ""; with several templates, from their mean log-probability). */
  prior: number;
  /** How many probe inputs it is the most probable label word for (of `probes`). */
  wins: number;
  warnings: string[];
}

export interface VerbalizerDiagnosis {
  labels: string[];
  /** Class probabilities for the content-free inputs: the bias calibration removes. */
  class_prior: Record<string, number>;
  probes: number;
  /** Templates each probe was asked through (the config's `template` and `templates`). */
  templates: number;
  words: WordDiagnosis[];
  warnings: string[];
}

/** Most example texts used as probes besides the content-free inputs (bounds the request). */
export const MAX_PROBES = 32;

/**
 * Verbalizer diagnostics: how each label word tokenizes (multi-piece words need several
 * masks; `[UNK]` pieces are errors elsewhere and flagged here), each word's prior under
 * content-free inputs, and words that never win: never the most probable label word for any
 * probe (the content-free inputs plus up to 32 of the config's examples).
 */
export async function diagnoseVerbalizer(model: MaskedLM, compiled: CompiledConfig): Promise<VerbalizerDiagnosis> {
  const tok = model.tokenizer;
  const { labels, words } = compiled.verbalizer;
  const exampleTexts = (compiled.config.examples ?? []).slice(0, MAX_PROBES).map((e) => e.text);
  const probeTexts = [...CONTENT_FREE, ...exampleTexts];
  const slots = compiled.parts.flatMap((p) => (p.kind === 'slot' ? [p.name] : []));
  const counts = compiled.verbalizer.maskCounts;
  const rows: MaskedRow[] = [];
  const templates = compiled.ensemble;
  for (const text of probeTexts) {
    const ids = tok.encodePlain(text);
    // NER probes ask about the whole text as the span.
    const values = Object.fromEntries(slots.map((s) => [s, ids]));
    for (const parts of templates) for (const n of counts) rows.push(renderPrompt(parts, values, tok, { maxLength: model.maxLength, maskCount: n }));
  }
  const logits = await model.maskLogits(rows);
  const flat = words.flatMap((ws, c) => ws.map((w) => ({ label: labels[c]!, w })));
  // logProb[probe][word]: with a template ensemble, the mean over its templates
  const logProb = probeTexts.map((_, p) =>
    flat.map(({ w }) => {
      let sum = 0;
      templates.forEach((_, t) => {
        const masks = logits[(p * templates.length + t) * counts.length + counts.indexOf(w.ids.length)]!.map(logSoftmax);
        sum += w.ids.reduce((s, id, m) => s + masks[m]![id]!, 0);
      });
      return sum / templates.length;
    }),
  );
  const wins = flat.map(() => 0);
  for (const lp of logProb) wins[lp.indexOf(Math.max(...lp))]!++;
  const prior = await classPrior(model, compiled);
  const out: WordDiagnosis[] = flat.map(({ label, w }, i) => {
    const pieces = w.ids.map((id) => tok.idToToken(id));
    const warnings: string[] = [];
    if (w.ids.length > 1) warnings.push(`splits into ${w.ids.length} pieces (${pieces.join(' ')}): scored over ${w.ids.length} consecutive masks`);
    if (w.ids.includes(tok.unkTokenId)) warnings.push('contains the unknown token');
    if (wins[i] === 0) warnings.push(`never the most probable label word on ${probeTexts.length} probes`);
    const p = CONTENT_FREE.reduce((s, _, k) => s + Math.exp(logProb[k]![i]!), 0) / CONTENT_FREE.length;
    return { label, word: w.word, pieces, token_ids: w.ids, prior: p, wins: wins[i]!, warnings };
  });
  const warnings: string[] = [];
  const top = Math.max(...prior);
  labels.forEach((l, c) => {
    if (prior[c]! < top / 10)
      warnings.push(
        `class "${l}" gets ${(100 * prior[c]!).toFixed(1)} % on content-free inputs, under a tenth of the top class: consider calibrate or other words`,
      );
  });
  return {
    labels,
    class_prior: Object.fromEntries(labels.map((l, c) => [l, prior[c]!])),
    probes: probeTexts.length,
    templates: templates.length,
    words: out,
    warnings,
  };
}
