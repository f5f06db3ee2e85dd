import { noPace, type Pace } from '../pace.js';

/**
 * Multinomial logistic regression on standardized features, regularised toward a starting
 * point: loss = mean cross-entropy + λ · ‖W − W0‖² (+ λ_g · ‖G‖² for the sparse n-gram
 * weights G, which start at zero: the zero-shot answer is the prior). Full-batch gradient
 * descent with Nesterov momentum and a fixed step from the loss's smoothness bound, a fixed
 * number of iterations: deterministic, so the same examples give the same head on every
 * runtime. `pace` is awaited once per iteration (it yields to the event loop and stops the
 * fit when the request is cut).
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
  /** Sparse binary n-gram features: per row the hit columns (each worth 1/√hits), `dim` columns, their own λ. */
  grams?: { rows: readonly (readonly number[])[]; dim: number; lambda: number };
  /** Fit only the bias (calibration on the examples). */
  biasOnly?: boolean;
  iterations?: number;
}

export interface LogisticFit {
  weights: number[][];
  bias: number[];
  /** Weights of the n-gram columns, one row per class (absent without `grams`). */
  gramWeights?: number[][];
}

/** The value of each hit column of an n-gram row (L2-normalised binary row). */
export const gramValue = (hits: number): number => (hits > 0 ? 1 / Math.sqrt(hits) : 0);

export async function fitLogistic(p: LogisticProblem, pace: Pace = noPace): Promise<LogisticFit> {
  const n = p.x.length;
  const classes = p.bias0.length;
  const dim = p.weights0[0]?.length ?? 0;
  const g = p.grams;
  const gdim = g?.dim ?? 0;
  const totalW = p.w ? p.w.reduce((a, b) => a + b, 0) : n;
  // Smoothness of the mean cross-entropy: ≤ ½ λmax(XᵀX/n) ≤ ½ mean ‖x‖² (bias input included).
  let meanSq = 0;
  p.x.forEach((row, i) => {
    meanSq += ((p.w?.[i] ?? 1) / totalW) * row.reduce((a, v) => a + v * v, 1);
  });
  // One step per block (a diagonal preconditioner): the n-gram block's curvature is that of
  // its unit-norm rows plus the bias, far below the standardized dense block's; one shared
  // step would leave the n-gram weights nearly untrained in a fixed number of iterations.
  const step = 1 / (0.5 * (p.biasOnly ? 1 : meanSq) + 2 * p.lambda);
  const stepG = 1 / (0.5 * 2 + 2 * (g?.lambda ?? 0));
  const lambdaG = g?.lambda ?? 0;
  // Flat parameter vectors: [W (classes × dim) | G (classes × gdim) | b (classes)].
  const size = classes * (dim + gdim + 1);
  const offG = classes * dim;
  const offB = offG + classes * gdim;
  const theta0 = new Float64Array(size);
  p.weights0.forEach((r, c) => {
    theta0.set(r, c * dim);
  });
  theta0.set(p.bias0, offB);
  let theta = Float64Array.from(theta0);
  let prev = Float64Array.from(theta0);
  const look = new Float64Array(size);
  const grad = new Float64Array(size);
  const logits = new Float64Array(classes);
  const iterations = p.iterations ?? 300;
  const work = n * classes * (dim + 32) + size;
  for (let it = 0; it < iterations; it++) {
    const mom = it / (it + 3);
    for (let k = 0; k < size; k++) look[k] = theta[k]! + mom * (theta[k]! - prev[k]!);
    for (let k = 0; k < offG; k++) grad[k] = 2 * p.lambda * (look[k]! - theta0[k]!);
    for (let k = offG; k < offB; k++) grad[k] = 2 * lambdaG * look[k]!;
    for (let k = offB; k < size; k++) grad[k] = 0;
    for (let i = 0; i < n; i++) {
      const xi = p.x[i]!;
      const hits = g?.rows[i] ?? [];
      const hv = gramValue(hits.length);
      const wi = (p.w?.[i] ?? 1) / totalW;
      let max = -Infinity;
      for (let c = 0; c < classes; c++) {
        let s = look[offB + c]!;
        const row = c * dim;
        for (let j = 0; j < dim; j++) s += look[row + j]! * xi[j]!;
        const rowG = offG + c * gdim;
        for (const h of hits) s += hv * look[rowG + h]!;
        logits[c] = s;
        if (s > max) max = s;
      }
      let z = 0;
      for (let c = 0; c < classes; c++) z += Math.exp(logits[c]! - max);
      for (let c = 0; c < classes; c++) {
        const d = wi * (Math.exp(logits[c]! - max) / z - (p.y[i] === c ? 1 : 0));
        grad[offB + c]! += d;
        if (p.biasOnly) continue;
        const row = c * dim;
        for (let j = 0; j < dim; j++) grad[row + j]! += d * xi[j]!;
        const rowG = offG + c * gdim;
        for (const h of hits) grad[rowG + h]! += d * hv;
      }
    }
    prev = theta;
    theta = new Float64Array(size);
    for (let k = 0; k < size; k++) {
      if (p.biasOnly && k < offB) theta[k] = look[k]!;
      else theta[k] = look[k]! - (k >= offG && k < offB ? stepG : step) * grad[k]!;
    }
    await pace(work);
  }
  const W = Array.from({ length: classes }, (_, c) => Array.from(theta.subarray(c * dim, (c + 1) * dim)));
  const G = Array.from({ length: classes }, (_, c) => Array.from(theta.subarray(offG + c * gdim, offG + (c + 1) * gdim)));
  const b = Array.from(theta.subarray(offB, size));
  return { weights: W, bias: b, ...(g && { gramWeights: G }) };
}
