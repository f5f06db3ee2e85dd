import type { GoldEntity } from './datasets.js';

export interface ClassMetrics {
  n: number;
  accuracy: number;
  macroF1: number;
  majority: number;
}

export function classificationMetrics(gold: readonly string[], pred: readonly string[]): ClassMetrics {
  const labels = [...new Set(gold)];
  const correct = gold.filter((g, i) => g === pred[i]).length;
  const f1s = labels.map((l) => {
    const tp = gold.filter((g, i) => g === l && pred[i] === l).length;
    const fp = pred.filter((p, i) => p === l && gold[i] !== l).length;
    const fn = gold.filter((g, i) => g === l && pred[i] !== l).length;
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
  const counts = labels.map((l) => gold.filter((g) => g === l).length);
  return { n: gold.length, accuracy: correct / gold.length, macroF1: f1s.reduce((a, b) => a + b, 0) / labels.length, majority: Math.max(...counts) / gold.length };
}

export interface SpanMetrics {
  precision: number;
  recall: number;
  f1: number;
  /** Same span, any type: how well spans are found regardless of labels. */
  spanF1: number;
}

/** Entity-level exact-match scores (span and type), CoNLL style. */
export function spanMetrics(gold: readonly GoldEntity[][], pred: readonly GoldEntity[][]): SpanMetrics {
  let tp = 0;
  let spanTp = 0;
  let nGold = 0;
  let nPred = 0;
  gold.forEach((g, i) => {
    const p = pred[i]!;
    nGold += g.length;
    nPred += p.length;
    for (const e of p) {
      if (g.some((x) => x.start === e.start && x.end === e.end && x.type === e.type)) tp++;
      if (g.some((x) => x.start === e.start && x.end === e.end)) spanTp++;
    }
  });
  const precision = nPred ? tp / nPred : 0;
  const recall = nGold ? tp / nGold : 0;
  const f = (p: number, r: number) => (p + r ? (2 * p * r) / (p + r) : 0);
  return { precision, recall, f1: f(precision, recall), spanF1: f(nPred ? spanTp / nPred : 0, nGold ? spanTp / nGold : 0) };
}
