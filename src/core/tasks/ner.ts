import { NONE_LABEL, type CompiledNer } from '../config/compile-config.js';
import type { MaskedLM } from '../ports.js';
import { proposeSpans, resolveOverlaps, type ScoredSpan } from '../spans/propose-spans.js';
import { argmax } from '../scoring/log-softmax.js';
import { scoreWithCalibration } from './score-prompts.js';

export interface Entity {
  text: string;
  type: string;
  start: number;
  end: number;
  score: number;
}

export interface NerResult {
  entities: Entity[];
  /** True when the text or the candidate list had to be cut to the configured bounds. */
  truncated: boolean;
}

/**
 * Zero-shot NER: every candidate span of every text becomes one prompt; all prompts go
 * through the model in batched passes; each span takes its most probable type, spans whose
 * type is "not an entity" or below the threshold are dropped, overlaps resolved greedily.
 */
export async function recognize(model: MaskedLM, compiled: CompiledNer, texts: readonly string[]): Promise<NerResult[]> {
  const o = compiled.config.options;
  const proposals = texts.map((text) =>
    proposeSpans(text, { maxWords: o.max_span_words, capitalized: o.capitalized, trimStopwords: o.trim_stopwords, maxSpans: o.max_spans, contextWords: o.context_words }),
  );
  const inputs = texts.flatMap((text, t) => {
    const whole = o.context_words > 0 ? undefined : model.tokenizer.encodePlain(text);
    return proposals[t]!.spans.map((span) => ({
      text: whole ?? model.tokenizer.encodePlain(text.slice(span.context.start, span.context.end)),
      span: model.tokenizer.encodePlain(span.text),
    }));
  });
  const scores = inputs.length ? await scoreWithCalibration(model, compiled, inputs, o.calibrate) : [];
  const { labels } = compiled.verbalizer;
  let next = 0;
  return proposals.map((p) => {
    let truncated = p.truncated;
    const candidates: (ScoredSpan & { type: string })[] = [];
    for (const span of p.spans) {
      const s = scores[next++]!;
      truncated ||= s.truncated;
      const best = argmax(s.probs);
      const type = labels[best]!;
      if (type === NONE_LABEL || s.probs[best]! < (compiled.thresholds?.[type] ?? o.threshold)) continue;
      candidates.push({ text: span.text, start: span.start, end: span.end, type, score: s.probs[best]! });
    }
    const entities = resolveOverlaps(candidates).map(({ text, type, start, end, score }) => ({ text, type, start, end, score }));
    return { entities, truncated };
  });
}
