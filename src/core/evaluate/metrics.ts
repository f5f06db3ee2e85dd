/**
 * Evaluation metrics shared by `POST /v1/evaluate` and the `eval` command: accuracy,
 * macro-F1 and confusion matrix for classification; exact-span precision / recall / F1,
 * overall and per type, for NER (CoNLL style).
 */
export interface ClassMetrics {
  n: number;
  accuracy: number;
  macroF1: number;
  /** Share of the most frequent gold label. */
  majority: number;
  labels: string[];
  /** confusion[gold][predicted], indexed like `labels`. */
  confusion: number[][];
  perLabel: Record<string, { precision: number; recall: number; f1: number; support: number }>;
}

const f1Of = (p: number, r: number): number => (p + r ? (2 * p * r) / (p + r) : 0);

export function classificationMetrics(gold: readonly string[], pred: readonly string[], labelOrder: readonly string[] = []): ClassMetrics {
  const labels = [...new Set([...labelOrder, ...gold, ...pred])];
  const index = new Map(labels.map((l, i) => [l, i]));
  const confusion = labels.map(() => labels.map(() => 0));
  gold.forEach((g, i) => {
    confusion[index.get(g)!]![index.get(pred[i]!)!]!++;
  });
  const perLabel: ClassMetrics['perLabel'] = {};
  const goldLabels = labels.filter((l) => gold.includes(l));
  for (const l of labels) {
    const i = index.get(l)!;
    const tp = confusion[i]![i]!;
    const predicted = confusion.reduce((a, row) => a + row[i]!, 0);
    const support = confusion[i]!.reduce((a, b) => a + b, 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    perLabel[l] = { precision, recall, f1: f1Of(precision, recall), support };
  }
  const correct = gold.filter((g, i) => g === pred[i]).length;
  const counts = goldLabels.map((l) => perLabel[l]!.support);
  return {
    n: gold.length,
    accuracy: gold.length ? correct / gold.length : 0,
    macroF1: goldLabels.length ? goldLabels.reduce((a, l) => a + perLabel[l]!.f1, 0) / goldLabels.length : 0,
    majority: gold.length ? Math.max(...counts) / gold.length : 0,
    labels,
    confusion,
    perLabel,
  };
}

export interface SpanEntity {
  start: number;
  end: number;
  type: string;
}

export interface PRF {
  precision: number;
  recall: number;
  f1: number;
}

export interface SpanMetrics extends PRF {
  /** Same span, any type: how well spans are found regardless of labels. */
  spanF1: number;
  perType: Record<string, PRF & { support: number }>;
}

/** Entity-level exact-match scores (span and type), CoNLL style. */
export function spanMetrics(gold: readonly SpanEntity[][], pred: readonly SpanEntity[][]): SpanMetrics {
  const count = new Map<string, { tp: number; gold: number; pred: number }>();
  const of = (t: string) => {
    let c = count.get(t);
    if (!c) {
      c = { tp: 0, gold: 0, pred: 0 };
      count.set(t, c);
    }
    return c;
  };
  let tp = 0;
  let spanTp = 0;
  let nGold = 0;
  let nPred = 0;
  gold.forEach((g, i) => {
    const p = pred[i] ?? [];
    nGold += g.length;
    nPred += p.length;
    for (const e of g) of(e.type).gold++;
    for (const e of p) {
      of(e.type).pred++;
      if (g.some((x) => x.start === e.start && x.end === e.end && x.type === e.type)) {
        tp++;
        of(e.type).tp++;
      }
      if (g.some((x) => x.start === e.start && x.end === e.end)) spanTp++;
    }
  });
  const prf = (t: number, p: number, g: number): PRF => {
    const precision = p ? t / p : 0;
    const recall = g ? t / g : 0;
    return { precision, recall, f1: f1Of(precision, recall) };
  };
  const perType = Object.fromEntries([...count].sort(([a], [b]) => a.localeCompare(b)).map(([t, c]) => [t, { ...prf(c.tp, c.pred, c.gold), support: c.gold }]));
  return { ...prf(tp, nPred, nGold), spanF1: prf(spanTp, nPred, nGold).f1, perType };
}
