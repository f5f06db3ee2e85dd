import { NONE_LABEL } from '../config/compile-config.js';
import type { NerConfig, NerExample } from '../config/schema.js';
import { ClozeError } from '../errors.js';
import type { MaskedLM } from '../ports.js';
import { argmax } from '../scoring/log-softmax.js';
import { proposeSpans, resolveOverlaps } from '../spans/propose-spans.js';
import type { SlotValues } from '../tasks/score-prompts.js';
import { spanSlots } from '../tasks/span-slots.js';

/** Most candidate-span prompts one NER fit may run (bounds a PUT). */
export const MAX_FIT_SPANS = 1_024;

/** Candidate spans of the example sentences as fit rows: the gold type when a gold entity has exactly that span, else "none". */
export interface NerRows {
  inputs: SlotValues[];
  y: number[];
  /** Example index of each row (folds keep a sentence's spans together). */
  sentence: number[];
  sentences: number;
  /** Character span of each row's candidate (for overlap resolution as recognize() does it). */
  spans: { start: number; end: number }[];
  /** Gold entities per class index, including those no candidate span can find. */
  gold: number[];
  /** Gold entities per example sentence. */
  goldBySentence: number[];
}

export function nerRows(model: MaskedLM, config: NerConfig, labels: readonly string[], examples: readonly NerExample[]): NerRows {
  const o = config.options;
  const out: NerRows = { inputs: [], y: [], sentence: [], sentences: examples.length, spans: [], gold: labels.map(() => 0), goldBySentence: examples.map((e) => e.entities.length) };
  const none = labels.indexOf(NONE_LABEL);
  examples.forEach((ex, i) => {
    const gold = new Map<string, number>();
    ex.entities.forEach((e, j) => {
      const field = `examples[${i}].entities[${j}]`;
      if (e.end > ex.text.length || e.start >= e.end) throw new ClozeError('validation_failed', `entity [${e.start}, ${e.end}) is not a span of the example's ${ex.text.length}-character text`, { field: `${field}.end` });
      const t = labels.indexOf(e.type);
      if (t < 0 || t === none) throw new ClozeError('validation_failed', `entity type "${e.type}" is not one of the config's types`, { field: `${field}.type` });
      gold.set(`${e.start}:${e.end}`, t);
      out.gold[t]!++;
    });
    const { spans } = proposeSpans(ex.text, { maxWords: o.max_span_words, capitalized: o.capitalized, trimStopwords: o.trim_stopwords, maxSpans: o.max_spans });
    out.inputs.push(...spanSlots(model.tokenizer, ex.text, spans, [o.context_words]));
    for (const span of spans) {
      out.y.push(gold.get(`${span.start}:${span.end}`) ?? none);
      out.sentence.push(i);
      out.spans.push({ start: span.start, end: span.end });
    }
  });
  if (out.inputs.length > MAX_FIT_SPANS) {
    throw new ClozeError('validation_failed', `the examples give ${out.inputs.length} candidate spans; a fit takes at most ${MAX_FIT_SPANS} (fewer or shorter examples, or a smaller max_spans)`, { field: 'examples' });
  }
  return out;
}

/**
 * Exact-span F1 of what recognize() would answer: per sentence, candidates whose winning
 * type passes its threshold, overlaps resolved greedily by score; gold entities no candidate
 * covers count as missed. Rows without probabilities (no fold) are skipped.
 */
export function spanF1(data: NerRows, probs: readonly number[][], none: number, threshold: (type: number, row: number) => number, sentences?: ReadonlySet<number>): number {
  const kept = new Map<number, { r: number; t: number; p: number }[]>();
  probs.forEach((p, r) => {
    const s = data.sentence[r]!;
    if (!p || (sentences && !sentences.has(s))) return;
    const t = argmax(p);
    if (t === none || p[t]! < threshold(t, r)) return;
    kept.set(s, [...(kept.get(s) ?? []), { r, t, p: p[t]! }]);
  });
  let tp = 0;
  let predicted = 0;
  for (const cands of kept.values()) {
    const chosen = resolveOverlaps(cands.map((c) => ({ ...c, text: '', start: data.spans[c.r]!.start, end: data.spans[c.r]!.end, score: c.p })));
    predicted += chosen.length;
    tp += chosen.filter((c) => data.y[c.r] === c.t).length;
  }
  const gold = data.goldBySentence.reduce((a, n, s) => a + (!sentences || sentences.has(s) ? n : 0), 0);
  return tp === 0 ? 0 : (2 * tp) / (predicted + gold);
}

const GRID = Array.from({ length: 19 }, (_, i) => (i + 1) / 20);

/**
 * Per-type thresholds on the winning probability, by coordinate ascent on the overall F1 of
 * out-of-fold predictions (two sweeps over the types), starting from the config's threshold.
 */
export function tuneThresholds(data: NerRows, probs: readonly number[][], none: number, labels: readonly string[], fallback: number, sentences?: ReadonlySet<number>): Record<string, number> {
  const th = labels.map(() => fallback);
  for (let sweep = 0; sweep < 2; sweep++) {
    labels.forEach((_, t) => {
      if (t === none) return;
      let best = { v: th[t]!, f1: spanF1(data, probs, none, (u) => th[u]!, sentences) };
      for (const v of GRID) {
        th[t] = v;
        const f1 = spanF1(data, probs, none, (u) => th[u]!, sentences);
        if (f1 > best.f1 + 1e-9) best = { v, f1 };
      }
      th[t] = best.v;
    });
  }
  return Object.fromEntries(labels.flatMap((l, t) => (t === none ? [] : [[l, th[t]!]])));
}
