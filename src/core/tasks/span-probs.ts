import type { CompiledNer } from '../config/compile-config.js';
import type { MaskedLM } from '../ports.js';
import type { Span } from '../spans/propose-spans.js';
import { scoreWithCalibration } from './score-prompts.js';
import { spanSlots, spanViews } from './span-slots.js';

/**
 * Asks every span of every text "{text} {span} is a [MASK]." in batched passes (one prompt per
 * view, see spanViews) and returns per text each span's class probabilities, averaged over the
 * views and aligned with `compiled.verbalizer.labels`, and whether a prompt was cut.
 */
export async function spanProbs(
  model: MaskedLM,
  compiled: CompiledNer,
  texts: readonly string[],
  spans: readonly (readonly Span[])[],
): Promise<{ probs: number[][]; truncated: boolean }[]> {
  const o = compiled.config.options;
  const windows = spanViews(o);
  const views = windows.length;
  const inputs = texts.flatMap((text, t) => spanSlots(model.tokenizer, text, spans[t]!, windows));
  const scores = inputs.length ? await scoreWithCalibration(model, compiled, inputs, o.calibrate) : [];
  const { labels } = compiled.verbalizer;
  let next = 0;
  return spans.map((list) => {
    let truncated = false;
    const probs = list.map(() => {
      const viewScores = scores.slice(next, next + views);
      next += views;
      truncated ||= viewScores.some((v) => v.truncated);
      return labels.map((_, c) => viewScores.reduce((sum, v) => sum + v.probs[c]!, 0) / views);
    });
    return { probs, truncated };
  });
}
