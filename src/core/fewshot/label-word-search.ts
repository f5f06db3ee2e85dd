/**
 * Automatic label-word search (LM-BFF / PETAL style): every candidate word is ranked, per
 * class, by how well its log-probability at the mask separates that class's examples from
 * the others (Welch's t statistic). The best words become the head's features and are
 * returned with their evidence.
 *
 * Refined against noise: with 8-16 examples per class and thousands of candidate words,
 * the best t statistic is often a word one or two odd examples push up ("said", "kill" for
 * negative sentiment). So a word must separate the class in each half of the class's
 * examples (alternate rows) on its own, and it is ranked by the weaker half: a word that
 * only a few examples carry drops out.
 */
export interface WordScore {
  /** Column in the feature pool. */
  col: number;
  /** Welch t statistic of the class vs the rest (higher = more typical of the class). */
  score: number;
  /** Mean log-probability at the mask over the class's examples, and over the rest. */
  meanIn: number;
  meanOut: number;
}

/** Per class, the best `perClass` words with a positive score, best first. */
export function searchLabelWords(
  values: readonly Float32Array[],
  y: readonly number[],
  classes: number,
  rows: readonly number[],
  perClass: number,
): WordScore[][] {
  const cols = values[0]?.length ?? 0;
  const out: WordScore[][] = [];
  for (let c = 0; c < classes; c++) {
    const inRows = rows.filter((r) => y[r] === c);
    const outRows = rows.filter((r) => y[r] !== c);
    if (inRows.length === 0 || outRows.length === 0) {
      out.push([]);
      continue;
    }
    const halves = inRows.length >= 4 ? [inRows.filter((_, i) => i % 2 === 0), inRows.filter((_, i) => i % 2 === 1)] : [inRows];
    const scored: WordScore[] = [];
    for (let j = 0; j < cols; j++) {
      const b = stats(values, outRows, j);
      const a = stats(values, inRows, j);
      let score = Infinity;
      for (const half of halves) score = Math.min(score, welch(stats(values, half, j), half.length, b, outRows.length));
      if (score > 0) scored.push({ col: j, score, meanIn: a.mean, meanOut: b.mean });
    }
    scored.sort((p, q) => q.score - p.score || p.col - q.col);
    out.push(scored.slice(0, perClass));
  }
  return out;
}

/** Welch's t statistic of mean a over mean b. */
function welch(a: { mean: number; variance: number }, na: number, b: { mean: number; variance: number }, nb: number): number {
  return (a.mean - b.mean) / Math.sqrt(a.variance / na + b.variance / nb + 1e-4);
}

function stats(values: readonly Float32Array[], rows: readonly number[], j: number): { mean: number; variance: number } {
  let sum = 0;
  for (const r of rows) sum += values[r]![j]!;
  const mean = sum / rows.length;
  let sq = 0;
  for (const r of rows) sq += (values[r]![j]! - mean) ** 2;
  return { mean, variance: rows.length > 1 ? sq / (rows.length - 1) : 0 };
}
