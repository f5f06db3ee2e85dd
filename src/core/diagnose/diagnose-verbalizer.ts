import type { CompiledConfig } from '../config/compile-config.js';
import type { MaskedLM, MaskedRow } from '../ports.js';
import { pacer } from '../pace.js';
import { scopedModel, type RequestScope } from '../request-scope.js';
import { argmax, rowLogSumExp } from '../scoring/log-softmax.js';
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

/** Prompt rows per model call: each call is a short pass, and the loop yields between them. */
const ROWS_PER_CALL = 8;

/** Diagnoses already computed, per compiled config (that is, per model and config hash). */
const done = new WeakMap<CompiledConfig, VerbalizerDiagnosis>();

/**
 * Log-probabilities of label-word pieces at each mask of each row: the logits of the ids asked
 * for, minus the row's log-sum-exp over the whole vocabulary, computed once per mask (not a
 * vocabulary-wide softmax per word). Rows go to the model a few at a time and the loop yields
 * between calls (`pace`), so a large config never holds the event loop, and it stops at the
 * request's deadline.
 */
async function pieceLogProbs(model: MaskedLM, rows: MaskedRow[], ids: readonly number[], pace: () => Promise<void>): Promise<Float32Array[][]> {
  const out: Float32Array[][] = [];
  for (let from = 0; from < rows.length; from += ROWS_PER_CALL) {
    await pace();
    const logits = await model.maskLogits(rows.slice(from, from + ROWS_PER_CALL));
    for (const masks of logits) {
      out.push(
        masks.map((row) => {
          const lse = rowLogSumExp(row);
          return Float32Array.from(ids, (id) => row[id]! - lse);
        }),
      );
      await pace();
    }
  }
  return out;
}

/**
 * Verbalizer diagnostics: how each label word tokenizes (multi-piece words need several
 * masks; `[UNK]` pieces are errors elsewhere and flagged here), each word's prior under
 * content-free inputs, and words that never win: never the most probable label word for any
 * probe (the content-free inputs plus up to 32 of the config's examples). The result is kept
 * per compiled config (model and config hash); the work yields to other requests every few
 * ms and stops at the request's deadline (`scope.signal`).
 */
export async function diagnoseVerbalizer(model: MaskedLM, compiled: CompiledConfig, scope?: RequestScope): Promise<VerbalizerDiagnosis> {
  const cached = done.get(compiled);
  if (cached) return cached;
  const pace = pacer(scope?.signal);
  const scoped = scopedModel(model, scope);
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
    await pace();
  }
  const flat = words.flatMap((ws, c) => ws.map((w) => ({ label: labels[c]!, w })));
  const pieceIds = [...new Set(flat.flatMap(({ w }) => w.ids))];
  const column = new Map(pieceIds.map((id, j) => [id, j]));
  const lp = await pieceLogProbs(scoped, rows, pieceIds, pace);
  // logProb[probe][word]: with a template ensemble, the mean over its templates
  const logProb: number[][] = [];
  for (let p = 0; p < probeTexts.length; p++) {
    logProb.push(
      flat.map(({ w }) => {
        let sum = 0;
        for (let t = 0; t < templates.length; t++) {
          const masks = lp[(p * templates.length + t) * counts.length + counts.indexOf(w.ids.length)]!;
          for (let m = 0; m < w.ids.length; m++) sum += masks[m]![column.get(w.ids[m]!)!]!;
        }
        return sum / templates.length;
      }),
    );
    await pace();
  }
  const wins = flat.map(() => 0);
  for (const scores of logProb) wins[argmax(scores)]!++;
  const prior = await classPrior(scoped, compiled);
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
  const diagnosis: VerbalizerDiagnosis = {
    labels,
    class_prior: Object.fromEntries(labels.map((l, c) => [l, prior[c]!])),
    probes: probeTexts.length,
    templates: templates.length,
    words: out,
    warnings,
  };
  done.set(compiled, diagnosis);
  return diagnosis;
}
