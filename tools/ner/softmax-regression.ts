/**
 * Multinomial logistic regression by full-batch Adam with an L2 penalty (the bias, feature 0,
 * unpenalized): returns one weight row per class. Small and deterministic (zero start).
 */
export function fitSoftmax(X: readonly number[][], Y: readonly number[], classes: number, o: { l2: number; iterations: number; rate?: number }): number[][] {
  const F = X[0]!.length;
  const W = Array.from({ length: classes }, () => new Float64Array(F));
  const m = Array.from({ length: classes }, () => new Float64Array(F));
  const v = Array.from({ length: classes }, () => new Float64Array(F));
  const rate = o.rate ?? 0.05;
  const z = new Float64Array(classes);
  for (let it = 1; it <= o.iterations; it++) {
    const G = Array.from({ length: classes }, () => new Float64Array(F));
    for (let i = 0; i < X.length; i++) {
      const x = X[i]!;
      let max = -Infinity;
      for (let c = 0; c < classes; c++) {
        let s = 0;
        const w = W[c]!;
        for (let j = 0; j < F; j++) s += w[j]! * x[j]!;
        z[c] = s;
        if (s > max) max = s;
      }
      let sum = 0;
      for (let c = 0; c < classes; c++) sum += z[c] = Math.exp(z[c]! - max);
      for (let c = 0; c < classes; c++) {
        const d = z[c]! / sum - (Y[i] === c ? 1 : 0);
        const g = G[c]!;
        for (let j = 0; j < F; j++) g[j]! += d * x[j]!;
      }
    }
    for (let c = 0; c < classes; c++)
      for (let j = 0; j < F; j++) {
        const g = G[c]![j]! / X.length + (j === 0 ? 0 : o.l2 * W[c]![j]!);
        m[c]![j] = 0.9 * m[c]![j]! + 0.1 * g;
        v[c]![j] = 0.999 * v[c]![j]! + 0.001 * g * g;
        W[c]![j]! -= (rate * (m[c]![j]! / (1 - 0.9 ** it))) / (Math.sqrt(v[c]![j]! / (1 - 0.999 ** it)) + 1e-8);
      }
  }
  return W.map((w) => [...w]);
}
