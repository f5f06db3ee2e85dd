import type { CompiledConfig } from '../config/compile-config.js';
import type { MaskedLM, MaskedRow } from '../ports.js';
import { logSoftmax } from '../scoring/log-softmax.js';
import { calibrate, meanDistribution, scoreClasses } from '../scoring/score-classes.js';
import { applyHead } from '../fewshot/head.js';
import { renderPrompt } from '../template/render-prompt.js';

/** Slot values of one prompt, already tokenized (e.g. `{text: ids}` or `{text, span}`). */
export type SlotValues = Record<string, number[]>;

export interface PromptScore {
  /** Class probabilities, aligned with `compiled.verbalizer.labels`. */
  probs: number[];
  truncated: boolean;
  /** Log-probs (raw logits unless the distribution was asked for) at the first mask of the single-mask variant. */
  firstMask: Float32Array;
}

/**
 * Scores many prompts of one compiled config in one batched model call: each prompt is
 * rendered once per distinct label-word length (PET-style consecutive masks), then label
 * words are scored at those masks and aggregated per class.
 */
export async function scorePrompts(
  model: MaskedLM,
  compiled: CompiledConfig,
  inputs: SlotValues[],
  needDistribution = false,
): Promise<PromptScore[]> {
  const counts = compiled.verbalizer.maskCounts.includes(1) ? compiled.verbalizer.maskCounts : [1, ...compiled.verbalizer.maskCounts];
  const rows: MaskedRow[] = [];
  const truncated: boolean[] = [];
  for (const values of inputs) {
    let cut = false;
    for (const n of counts) {
      const r = renderPrompt(compiled.parts, values, model.tokenizer, { maxLength: model.maxLength, maskCount: n });
      rows.push({ ids: r.ids, maskPositions: r.maskPositions });
      cut ||= r.truncated;
    }
    truncated.push(cut);
  }
  const logits = await model.maskLogits(rows);
  const aggregation = compiled.config.options.aggregation;
  // With single-token label words only, the vocabulary normalizer is the same for every
  // class and cancels when classes are normalized: raw logits give the same probabilities
  // without a softmax over the whole vocabulary.
  // A fitted head reads other vocabulary words at the mask, so it needs the distribution.
  const head = compiled.head;
  const verbalizerOnly = !needDistribution && !head && counts.length === 1;
  return inputs.map((_, i) => {
    const byCount = new Map<number, Float32Array[]>();
    counts.forEach((n, c) => byCount.set(n, verbalizerOnly ? logits[i * counts.length + c]! : logits[i * counts.length + c]!.map(logSoftmax)));
    const firstMask = byCount.get(1)![0]!;
    const zeroShot = scoreClasses(compiled.verbalizer, byCount, aggregation);
    const probs = head ? applyHead(head, zeroShot, firstMask) : zeroShot;
    return { probs, truncated: truncated[i]!, firstMask };
  });
}

/** Content-free inputs for contextual calibration (Zhao et al. 2021). */
const CONTENT_FREE = ['N/A', ''];

/** The class prior of a compiled config, computed once and kept on the compiled object. */
export async function classPrior(model: MaskedLM, compiled: CompiledConfig): Promise<number[]> {
  if (compiled.prior) return compiled.prior;
  const slots = compiled.parts.flatMap((p) => (p.kind === 'slot' ? [p.name] : []));
  const inputs = CONTENT_FREE.map((text) => {
    const ids = model.tokenizer.encodePlain(text);
    return Object.fromEntries(slots.map((s) => [s, ids]));
  });
  const scores = await scorePrompts(model, compiled, inputs);
  compiled.prior = meanDistribution(scores.map((s) => s.probs));
  return compiled.prior;
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
  if (!prior) return scores;
  return scores.map((s) => ({ ...s, probs: calibrate(s.probs, prior) }));
}
