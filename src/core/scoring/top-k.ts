export interface TokenScore {
  id: number;
  logProb: number;
}

/** The k highest entries of a log-prob row, skipping excluded ids; one pass, no full sort. */
export function topK(row: Float32Array, k: number, exclude: ReadonlySet<number>): TokenScore[] {
  const best: TokenScore[] = [];
  let floor = -Infinity;
  for (let id = 0; id < row.length; id++) {
    const v = row[id]!;
    if (v <= floor && best.length >= k) continue;
    if (exclude.has(id)) continue;
    let at = best.length;
    while (at > 0 && best[at - 1]!.logProb < v) at--;
    best.splice(at, 0, { id, logProb: v });
    if (best.length > k) best.pop();
    if (best.length === k) floor = best[k - 1]!.logProb;
  }
  return best;
}
