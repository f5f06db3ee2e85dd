import { NONE_LABEL } from '../config/compile-config.js';
import type { NerConfig, NerExample } from '../config/schema.js';
import { ClozeError } from '../errors.js';
import type { MaskedLM } from '../ports.js';
import { argmax } from '../scoring/log-softmax.js';
import { proposeNameRuns } from '../spans/name-runs.js';
import { proposeSpans, resolveOverlaps, type Span } from '../spans/propose-spans.js';
import type { SlotValues } from '../tasks/score-prompts.js';
import { spanOptionsOf, spanSlots, spanViews } from '../tasks/span-slots.js';

/** Most candidate-span prompts (spans × views) one NER fit may run (bounds a PUT). */
export const MAX_FIT_SPANS = 1_024;

/**
 * The candidate spans recognize() would ask about in the example sentences, as fit rows: the
 * gold type when a gold entity has exactly that span, else "none". With `spans: "names"` a
 * sentence gives a row per whole run (first pass) and a row per part of every run (second
 * pass: asked only when its run is not accepted), so the fit sees exactly the prompts the
 * inference path can ask.
 */
export interface NerRows {
  /** The prompts: `views` consecutive ones per row (a candidate span in each of the config's span views). */
  inputs: SlotValues[];
  views: number;
  y: number[];
  /** Example index of each row (folds keep a sentence's spans together). */
  sentence: number[];
  sentences: number;
  /** Character span of each row's candidate (for overlap resolution as recognize() does it). */
  spans: { start: number; end: number }[];
  /**
   * `spans: "names"` only: the name run each row belongs to (an index over all sentences) and
   * whether the row is the whole run (first pass) or one of its parts (second pass). Absent:
   * every row competes at once (`spans: "ngrams"`).
   */
  run?: number[];
  whole?: boolean[];
  /** Gold entities per class index, including those no candidate span can find. */
  gold: number[];
  /** Gold entities per example sentence. */
  goldBySentence: number[];
}

export function nerRows(model: MaskedLM, config: NerConfig, labels: readonly string[], examples: readonly NerExample[]): NerRows {
  const o = config.options;
  const spanOptions = spanOptionsOf(o);
  const names = o.spans === 'names';
  const windows = spanViews(o);
  const out: NerRows = {
    inputs: [],
    views: windows.length,
    y: [],
    sentence: [],
    sentences: examples.length,
    spans: [],
    ...(names && { run: [], whole: [] }),
    gold: labels.map(() => 0),
    goldBySentence: examples.map((e) => e.entities.length),
  };
  const none = labels.indexOf(NONE_LABEL);
  let runs = 0;
  examples.forEach((ex, i) => {
    const gold = new Map<string, number>();
    ex.entities.forEach((e, j) => {
      const field = `examples[${i}].entities[${j}]`;
      if (e.end > ex.text.length || e.start >= e.end)
        throw new ClozeError('validation_failed', `entity [${e.start}, ${e.end}) is not a span of the example's ${ex.text.length}-character text`, {
          field: `${field}.end`,
        });
      const t = labels.indexOf(e.type);
      if (t < 0 || t === none)
        throw new ClozeError('validation_failed', `entity type "${e.type}" is not one of the config's types`, { field: `${field}.type` });
      gold.set(`${e.start}:${e.end}`, t);
      out.gold[t]!++;
    });
    const push = (span: Span, run?: number, whole?: boolean) => {
      out.y.push(gold.get(`${span.start}:${span.end}`) ?? none);
      out.sentence.push(i);
      out.spans.push({ start: span.start, end: span.end });
      if (run !== undefined) {
        out.run!.push(run);
        out.whole!.push(whole!);
      }
    };
    const spans: Span[] = [];
    if (names) {
      // The same order as recognize(): whole runs first, then every run's parts.
      const { runs: found } = proposeNameRuns(ex.text, spanOptions);
      found.forEach((r, k) => {
        if (!r.whole) return;
        spans.push(r);
        push(r, runs + k, true);
      });
      found.forEach((r, k) => {
        for (const p of r.parts) {
          spans.push(p);
          push(p, runs + k, false);
        }
      });
      runs += found.length;
    } else {
      for (const span of proposeSpans(ex.text, spanOptions).spans) {
        spans.push(span);
        push(span);
      }
    }
    out.inputs.push(...spanSlots(model.tokenizer, ex.text, spans, windows));
  });
  if (out.inputs.length > MAX_FIT_SPANS) {
    throw new ClozeError(
      'validation_failed',
      `the examples give ${out.inputs.length} candidate-span prompts (${out.y.length} spans × ${out.views} views); a fit takes at most ${MAX_FIT_SPANS} (fewer or shorter examples, a smaller max_spans or fewer context_ensemble views)`,
      { field: 'examples' },
    );
  }
  return out;
}

/** Per-sentence counts behind the exact-span F1: true positives, predicted and gold entities. */
export interface SpanCounts {
  tp: number;
  predicted: number;
  gold: number;
}

/** Exact-span F1 from summed counts (0 when nothing is right). */
export const f1FromCounts = (tp: number, predicted: number, gold: number): number => (tp === 0 ? 0 : (2 * tp) / (predicted + gold));

export const countsF1 = (c: readonly SpanCounts[]): number =>
  f1FromCounts(
    c.reduce((a, s) => a + s.tp, 0),
    c.reduce((a, s) => a + s.predicted, 0),
    c.reduce((a, s) => a + s.gold, 0),
  );

/**
 * What recognize() would answer, per example sentence (in `sentences`, or all): candidates
 * whose winning type passes its threshold; with name runs, a run's parts compete only when the
 * run itself was not accepted, and overlaps among parts resolve greedily by score (as the
 * second pass does); with n-grams, overlaps among all accepted candidates. Gold entities no
 * candidate covers count as missed. Rows without probabilities (no fold) are skipped.
 */
export function spanCounts(
  data: NerRows,
  probs: readonly number[][],
  none: number,
  threshold: (type: number, row: number) => number,
  sentences?: ReadonlySet<number>,
): SpanCounts[] {
  const accepted = new Map<number, { r: number; t: number; p: number }[]>();
  const acceptedRuns = new Set<number>();
  probs.forEach((p, r) => {
    const s = data.sentence[r]!;
    if (!p || (sentences && !sentences.has(s))) return;
    const t = argmax(p);
    if (t === none || p[t]! < threshold(t, r)) return;
    accepted.set(s, [...(accepted.get(s) ?? []), { r, t, p: p[t]! }]);
    if (data.whole?.[r]) acceptedRuns.add(data.run![r]!);
  });
  const out: SpanCounts[] = [];
  for (let s = 0; s < data.sentences; s++) {
    if (sentences && !sentences.has(s)) continue;
    const cands = (accepted.get(s) ?? []).map((c) => ({ ...c, text: '', start: data.spans[c.r]!.start, end: data.spans[c.r]!.end, score: c.p }));
    const chosen = data.whole
      ? [...cands.filter((c) => data.whole![c.r]), ...resolveOverlaps(cands.filter((c) => !data.whole![c.r] && !acceptedRuns.has(data.run![c.r]!)))]
      : resolveOverlaps(cands);
    out.push({ tp: chosen.filter((c) => data.y[c.r] === c.t).length, predicted: chosen.length, gold: data.goldBySentence[s]! });
  }
  return out;
}

/** Exact-span F1 of what recognize() would answer on the example sentences (see spanCounts). */
export function spanF1(
  data: NerRows,
  probs: readonly number[][],
  none: number,
  threshold: (type: number, row: number) => number,
  sentences?: ReadonlySet<number>,
): number {
  return countsF1(spanCounts(data, probs, none, threshold, sentences));
}

/** Thresholds tried per type: 0.05 … 0.95, and near-certain bars (the shipped model's answers are peaked; the preset uses 0.9). */
const GRID = [...Array.from({ length: 19 }, (_, i) => (i + 1) / 20), 0.97, 0.99];

/**
 * Per-type thresholds on the winning probability, by coordinate ascent on the overall F1 of
 * out-of-fold predictions (two sweeps over the types), starting from the config's threshold.
 */
export function tuneThresholds(
  data: NerRows,
  probs: readonly number[][],
  none: number,
  labels: readonly string[],
  fallback: number,
  sentences?: ReadonlySet<number>,
): Record<string, number> {
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
