import type { CompiledConfig } from '../config/compile-config.js';
import { LIMITS } from '../limits.js';
import { ClozeError } from '../errors.js';
import type { MaskedLM, MaskedRow } from '../ports.js';
import { logSoftmax, softmax } from '../scoring/log-softmax.js';
import { calibrate, meanDistribution, scoreClasses } from '../scoring/score-classes.js';
import { applyHead } from '../fewshot/head.js';
import { idsToWords, textGrams } from '../fewshot/text-features.js';
import { temper } from '../scoring/temperature.js';
import { renderPrompt } from '../template/render-prompt.js';
import { overOwnIds } from '../verbalizer/compile-verbalizer.js';

/** Slot values of one prompt, already tokenized (e.g. `{text: ids}` or `{text, span}`). */
export type SlotValues = Record<string, number[]>;

export interface PromptScore {
  /** Class probabilities, aligned with `compiled.verbalizer.labels`. */
  probs: number[];
  truncated: boolean;
  /** Log-probs at the first mask of the single-mask variant; kept only when the distribution was asked for. */
  firstMask?: Float32Array;
}

/** Throws 413 `request_budget_exceeded` when prompts would cost more than LIMITS allows. */
function checkBudget(compiled: CompiledConfig, inputs: number, counts: number, templates: number, tokens: number): void {
  const field = compiled.task === 'ner' ? 'options.max_spans' : 'texts';
  const rows = inputs * counts * templates;
  const what = compiled.task === 'ner' ? `${inputs} span prompts (candidate spans × context views)` : `${inputs} texts`;
  const why = `${what} × ${counts} label-word length${counts > 1 ? 's' : ''}${templates > 1 ? ` × ${templates} templates` : ''}`;
  if (rows > LIMITS.promptRows) {
    throw new ClozeError('request_budget_exceeded', `this request needs ${rows} prompt rows (${why}); the limit is ${LIMITS.promptRows} per request`, {
      field,
    });
  }
  if (tokens > LIMITS.promptTokens) {
    throw new ClozeError('request_budget_exceeded', `this request needs ${tokens} prompt tokens (${why}); the limit is ${LIMITS.promptTokens} per request`, {
      field,
    });
  }
}

/** Mean of log-probability rows (a template ensemble's distribution at the first mask). */
function meanLogProbs(rows: readonly Float32Array[]): Float32Array {
  if (rows.length === 1) return rows[0]!;
  const out = new Float32Array(rows[0]!.length);
  for (const r of rows) for (let j = 0; j < out.length; j++) out[j]! += r[j]! / rows.length;
  return out;
}

/**
 * Scores many prompts of one compiled config: each prompt is rendered once per template of
 * the config's ensemble and per distinct label-word length (PET-style consecutive masks),
 * then label words are scored at those masks and aggregated per class; with several
 * templates, class probabilities are the softmax of the mean of their log-probabilities (and
 * the first-mask distribution a head reads is the mean log-probability). The request's rows
 * and tokens are checked against the budget (LIMITS) before any model work; rows go to the
 * model in chunks of LIMITS.scoreChunkRows, and each chunk's vocabulary logits are dropped
 * once scored.
 */
export async function scorePrompts(model: MaskedLM, compiled: CompiledConfig, inputs: SlotValues[], needDistribution = false): Promise<PromptScore[]> {
  const counts = compiled.verbalizer.maskCounts.includes(1) ? compiled.verbalizer.maskCounts : [1, ...compiled.verbalizer.maskCounts];
  const templates = compiled.ensemble;
  const perInput = counts.length * templates.length;
  checkBudget(compiled, inputs.length, counts.length, templates.length, 0);
  const rows: MaskedRow[] = [];
  const truncated: boolean[] = [];
  let tokens = 0;
  for (const values of inputs) {
    let cut = false;
    for (const parts of templates) {
      for (const n of counts) {
        const r = renderPrompt(parts, values, model.tokenizer, { maxLength: model.maxLength, maskCount: n });
        rows.push({ ids: r.ids, maskPositions: r.maskPositions });
        tokens += r.ids.length;
        cut ||= r.truncated;
      }
    }
    truncated.push(cut);
  }
  checkBudget(compiled, inputs.length, counts.length, templates.length, tokens);
  const aggregation = compiled.config.options.aggregation;
  // With single-token label words only, the vocabulary normalizer is the same for every
  // class and cancels when classes are normalized: raw logits give the same probabilities
  // without a softmax over the whole vocabulary, so only the label words' logits are asked for.
  // A fitted head reads other vocabulary words at the mask, so it needs the distribution.
  const head = compiled.head;
  const verbalizerOnly = !needDistribution && !head && counts.length === 1;
  const labelIds = verbalizerOnly ? overOwnIds(compiled.verbalizer) : undefined;
  const verbalizer = labelIds?.verbalizer ?? compiled.verbalizer;
  const perChunk = Math.max(1, Math.floor(LIMITS.scoreChunkRows / perInput));
  const scores: PromptScore[] = [];
  for (let from = 0; from < inputs.length; from += perChunk) {
    const to = Math.min(inputs.length, from + perChunk);
    const logits = await model.maskLogits(rows.slice(from * perInput, to * perInput), labelIds?.ids);
    for (let i = from; i < to; i++) {
      const perTemplate = templates.map((_, t) => {
        const byCount = new Map<number, Float32Array[]>();
        counts.forEach((n, c) => {
          const at = logits[(i - from) * perInput + t * counts.length + c]!;
          byCount.set(n, verbalizerOnly ? at : at.map(logSoftmax));
        });
        return { firstMask: byCount.get(1)![0]!, probs: scoreClasses(verbalizer, byCount, aggregation) };
      });
      const zeroShot =
        perTemplate.length === 1
          ? perTemplate[0]!.probs
          : softmax(perTemplate[0]!.probs.map((_, c) => perTemplate.reduce((a, p) => a + Math.log(Math.max(p.probs[c]!, 1e-30)), 0) / perTemplate.length));
      const firstMask = head || needDistribution ? meanLogProbs(perTemplate.map((p) => p.firstMask)) : perTemplate[0]!.firstMask;
      const grams = head?.grams && inputs[i]!.text ? textGrams(idsToWords(inputs[i]!.text!, model.tokenizer)) : undefined;
      const probs = head ? applyHead(head, zeroShot, firstMask, grams) : zeroShot;
      scores.push({ probs, truncated: truncated[i]!, ...(needDistribution ? { firstMask } : {}) });
    }
  }
  return scores;
}

/** Content-free inputs for contextual calibration (Zhao et al. 2021). */
export const CONTENT_FREE: readonly string[] = ['N/A', ''];

/** The class prior of a compiled config, computed once and kept on the compiled object. */
export function classPrior(model: MaskedLM, compiled: CompiledConfig): Promise<number[]> {
  if (compiled.prior) return compiled.prior;
  const slots = compiled.parts.flatMap((p) => (p.kind === 'slot' ? [p.name] : []));
  const inputs = CONTENT_FREE.map((text) => {
    const ids = model.tokenizer.encodePlain(text);
    return Object.fromEntries(slots.map((s) => [s, ids]));
  });
  const prior = scorePrompts(model, compiled, inputs).then((scores) => meanDistribution(scores.map((s) => s.probs)));
  compiled.prior = prior;
  prior.catch(() => {
    if (compiled.prior === prior) compiled.prior = undefined; // a failed pass (deadline, overload) is retried later
  });
  return prior;
}

export async function scoreWithCalibration(
  model: MaskedLM,
  compiled: CompiledConfig,
  inputs: SlotValues[],
  useCalibration: boolean,
  needDistribution = false,
): Promise<PromptScore[]> {
  const [scores, prior] = await Promise.all([
    scorePrompts(model, compiled, inputs, needDistribution),
    useCalibration && !compiled.head ? classPrior(model, compiled) : Promise.resolve(undefined),
  ]);
  const t = compiled.task === 'classify' ? compiled.temperature : 1;
  if (!prior && t === 1) return scores;
  return scores.map((s) => ({ ...s, probs: temper(prior ? calibrate(s.probs, prior) : s.probs, t) }));
}
