/** Bounds and cost model for cutting rows of mixed lengths into forward passes. */
export interface BucketOptions {
  maxRows: number;
  /** Bound on rows × padded length of one pass. */
  maxTokens: number;
  /**
   * Fixed cost of one pass in token-equivalents: a new pass is started when the padding it
   * saves costs more than this. 0 gives one pass per distinct length; a huge value pads
   * everything into as few passes as the bounds allow.
   */
  passCostTokens: number;
}

/**
 * Cuts lengths sorted ascending into consecutive passes minimising
 * Σ (passCostTokens + rows × longest) under the bounds — an exact dynamic programme over
 * cut points (O(n · maxRows)). Returns the end index (exclusive) of each pass.
 */
export function lengthBuckets(sorted: readonly number[], o: BucketOptions): number[] {
  const n = sorted.length;
  const best = new Float64Array(n + 1).fill(Infinity);
  const from = new Int32Array(n + 1);
  best[0] = 0;
  for (let end = 1; end <= n; end++) {
    const longest = sorted[end - 1]!;
    for (let start = end - 1; start >= 0 && end - start <= o.maxRows; start--) {
      const rows = end - start;
      // a single row always forms a pass, even past maxTokens (it is cut to maxLength upstream)
      if (rows > 1 && rows * longest > o.maxTokens) break;
      const cost = best[start]! + o.passCostTokens + rows * longest;
      if (cost < best[end]!) {
        best[end] = cost;
        from[end] = start;
      }
    }
  }
  const ends: number[] = [];
  for (let end = n; end > 0; end = from[end]!) ends.push(end);
  return ends.reverse();
}
