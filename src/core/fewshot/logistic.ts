import { softmax } from '../scoring/log-softmax.js';

/**
 * Multinomial logistic regression on standardized features, regularised toward a starting
 * point: loss = mean cross-entropy + λ · ‖W − W0‖². Full-batch gradient descent with
 * Nesterov momentum and a fixed step from the loss's smoothness bound, a fixed number of
 * iterations: deterministic, so the same examples give the same head on every runtime.
 */
export interface LogisticProblem {
  /** Standardized inputs, one row per example prompt. */
  x: readonly number[][];
  y: readonly number[];
  /** Per-row weight (1 when absent). */
  w?: readonly number[];
  weights0: readonly number[][];
  bias0: readonly number[];
  lambda: number;
  /** Fit only the bias (calibration on the examples). */
  biasOnly?: boolean;
  iterations?: number;
}

export function fitLogistic(p: LogisticProblem): { weights: number[][]; bias: number[] } {
  const n = p.x.length;
  const classes = p.bias0.length;
  const dim = p.weights0[0]?.length ?? 0;
  const totalW = p.w ? p.w.reduce((a, b) => a + b, 0) : n;
  // Smoothness of the mean cross-entropy: ≤ ½ λmax(XᵀX/n) ≤ ½ mean ‖x‖² (bias input included).
  let meanSq = 0;
  p.x.forEach((row, i) => {
    meanSq += ((p.w?.[i] ?? 1) / totalW) * row.reduce((a, v) => a + v * v, 1);
  });
  const step = 1 / (0.5 * (p.biasOnly ? 1 : meanSq) + 2 * p.lambda);
  let W = p.weights0.map((r) => [...r]);
  let b = [...p.bias0];
  let prevW = W.map((r) => [...r]);
  let prevB = [...b];
  const iterations = p.iterations ?? 300;
  for (let it = 0; it < iterations; it++) {
    const mom = it / (it + 3);
    const lookW = W.map((r, c) => r.map((v, j) => v + mom * (v - prevW[c]![j]!)));
    const lookB = b.map((v, c) => v + mom * (v - prevB[c]!));
    const gW = lookW.map((r, c) => r.map((v, j) => 2 * p.lambda * (v - p.weights0[c]![j]!)));
    const gB = new Array<number>(classes).fill(0);
    for (let i = 0; i < n; i++) {
      const xi = p.x[i]!;
      const wi = (p.w?.[i] ?? 1) / totalW;
      const logits = lookW.map((r, c) => r.reduce((s, v, j) => s + v * xi[j]!, lookB[c]!));
      const probs = softmax(logits);
      for (let c = 0; c < classes; c++) {
        const d = wi * (probs[c]! - (p.y[i] === c ? 1 : 0));
        gB[c]! += d;
        if (!p.biasOnly) for (let j = 0; j < dim; j++) gW[c]![j]! += d * xi[j]!;
      }
    }
    prevW = W;
    prevB = b;
    W = p.biasOnly ? W : lookW.map((r, c) => r.map((v, j) => v - step * gW[c]![j]!));
    b = lookB.map((v, c) => v - step * gB[c]!);
  }
  return { weights: W, bias: b };
}
