import { describe, expect, it } from 'vitest';
import { compileHead, headLogits } from '../../src/core/fewshot/head.js';
import { searchLabelWords } from '../../src/core/fewshot/label-word-search.js';
import { fitLogistic } from '../../src/core/fewshot/logistic.js';
import { spanF1, tuneThresholds, type NerRows } from '../../src/core/fewshot/ner-rows.js';
import { classificationMetrics, spanMetrics } from '../../src/core/evaluate/metrics.js';
import { argmax } from '../../src/core/scoring/log-softmax.js';
import type { LearnedState } from '../../src/core/config/schema.js';
import { FakeMaskedLM } from '../support/fake-lm.js';

/** The fit step's pure parts: label-word search, the regularised logistic head, metrics. */
describe('label-word search', () => {
  it('ranks the column that separates a class first, with its evidence', () => {
    // Column 1 is high for class 0, column 2 for class 1, column 0 is noise.
    const values = [
      [-5, -1, -9],
      [-6, -1.5, -8],
      [-5.5, -1.2, -9.5],
      [-5, -8, -2],
      [-6, -9, -1],
      [-5.4, -7, -1.5],
    ].map((r) => Float32Array.from(r));
    const y = [0, 0, 0, 1, 1, 1];
    const [c0, c1] = searchLabelWords(values, y, 2, [0, 1, 2, 3, 4, 5], 2);
    expect(c0![0]!.col).toBe(1);
    expect(c1![0]!.col).toBe(2);
    expect(c0![0]!.meanIn).toBeCloseTo(-1.2333, 3);
    expect(c0![0]!.meanOut).toBeCloseTo(-8, 6);
    expect(c0!.every((w) => w.score > 0)).toBe(true);
    // Only rows given count: without class-1 rows there is nothing to separate.
    expect(searchLabelWords(values, y, 2, [0, 1, 2], 2)).toEqual([[], []]);
  });
});

describe('regularised logistic head', () => {
  const x = [[2], [1.5], [1], [-1], [-1.5], [-2]];
  const y = [1, 1, 1, 0, 0, 0];
  const weights0 = [[1], [-1]]; // starts backwards
  const bias0 = [0, 0];

  it('stays at its starting point under strong regularisation and learns the data under weak', async () => {
    const stiff = await fitLogistic({ x, y, weights0, bias0, lambda: 1e4 });
    expect(stiff.weights[0]![0]).toBeCloseTo(1, 2);
    const loose = await fitLogistic({ x, y, weights0, bias0, lambda: 1e-3 });
    const pred = x.map((row) => argmax(loose.weights.map((w, c) => w[0]! * row[0]! + loose.bias[c]!)));
    expect(pred).toEqual(y);
  });

  it('learns n-gram weights from zero where the dense features carry nothing, and keeps them small under a strong λ', async () => {
    // dense input constant: only the sparse n-gram columns (0 for class 0, 1 for class 1) separate the rows
    const xs = [[0], [0], [0], [0]];
    const ys = [0, 0, 1, 1];
    const rows = [[0], [0, 2], [1], [1, 2]];
    const loose = await fitLogistic({ x: xs, y: ys, weights0: [[0], [0]], bias0: [0, 0], lambda: 1, grams: { rows, dim: 3, lambda: 1e-3 } });
    const g = loose.gramWeights!;
    expect(g[0]![0]! - g[1]![0]!).toBeGreaterThan(1);
    expect(g[1]![1]! - g[0]![1]!).toBeGreaterThan(1);
    expect(Math.abs(g[0]![2]! - g[1]![2]!)).toBeLessThan(0.5); // shared by both classes: no evidence
    const stiff = await fitLogistic({ x: xs, y: ys, weights0: [[0], [0]], bias0: [0, 0], lambda: 1, grams: { rows, dim: 3, lambda: 1e3 } });
    expect(Math.max(...stiff.gramWeights!.flat().map(Math.abs))).toBeLessThan(1e-3);
  });

  it('is deterministic, and a bias-only fit leaves the weights alone', async () => {
    expect(await fitLogistic({ x, y, weights0, bias0, lambda: 0.1 })).toEqual(await fitLogistic({ x, y, weights0, bias0, lambda: 0.1 }));
    const calib = await fitLogistic({ x: [[0], [0], [0], [0]], y: [1, 1, 1, 0], weights0, bias0, lambda: 0, biasOnly: true, iterations: 500 });
    expect(calib.weights).toEqual(weights0);
    // Bias learns the class frequencies: softmax(bias) ≈ (1/4, 3/4).
    expect(calib.bias[1]! - calib.bias[0]!).toBeCloseTo(Math.log(3), 1);
  });

  it('headLogits standardizes inputs before the weights', () => {
    expect(headLogits({ center: [1, 2], scale: [2, 4], weights: [[1, 1]], bias: [0.5] }, [3, 6])).toEqual([0.5 + 1 + 1]);
  });

  it('compiling learned state checks its shape against the verbalizer and vocabulary', () => {
    const model = new FakeMaskedLM();
    const learned = (over: Partial<LearnedState>): LearnedState => ({
      method: 'head',
      features: ['great'],
      center: [0, 0, 0],
      scale: [1, 1, 1],
      weights: [
        [1, 0, 0],
        [0, 1, 0],
      ],
      bias: [0, 0],
      label_words: {},
      fit: { examples: 0, rows: 0, folds: 0, lambda: 0, candidates: [], model: 'x', fitted_on: 'x' },
      ...over,
    });
    expect(compileHead(learned({}), ['a', 'b'], model.tokenizer)!.featureIds).toHaveLength(1);
    expect(compileHead(learned({ method: 'zero_shot' }), ['a', 'b'], model.tokenizer)).toBeUndefined();
    expect(() => compileHead(learned({ features: ['unbelievably'] }), ['a', 'b'], model.tokenizer)).toThrow(
      expect.objectContaining({ field: 'learned.features[0]' }),
    );
    expect(() => compileHead(learned({ bias: [0] }), ['a', 'b'], model.tokenizer)).toThrow(expect.objectContaining({ field: 'learned.bias' }));
    expect(() => compileHead(learned({ scale: [1, 0, 1] }), ['a', 'b'], model.tokenizer)).toThrow(expect.objectContaining({ field: 'learned.scale' }));
  });
});

describe('NER fit scoring', () => {
  // Classes: 0 person, 1 location, 2 none. Sentence 0: a person and a false alarm; sentence 1: a location.
  const data: NerRows = {
    inputs: [],
    views: 1,
    y: [0, 2, 1],
    sentence: [0, 0, 1],
    sentences: 2,
    spans: [
      { start: 0, end: 4 },
      { start: 10, end: 15 },
      { start: 0, end: 3 },
    ],
    gold: [1, 1, 0],
    goldBySentence: [1, 1],
  };
  const probs = [
    [0.9, 0.05, 0.05],
    [0.5, 0.1, 0.4],
    [0.1, 0.8, 0.1],
  ];

  it('per-type thresholds remove a false alarm of one type only', () => {
    expect(spanF1(data, probs, 2, () => 0.3)).toBeCloseTo(0.8, 10);
    const th = tuneThresholds(data, probs, 2, ['person', 'location', 'none'], 0.3);
    expect(th.person).toBeGreaterThan(0.5);
    expect(th.person).toBeLessThanOrEqual(0.9);
    expect(th.location).toBe(0.3);
    expect(spanF1(data, probs, 2, (t) => [th.person!, th.location!][t]!)).toBe(1);
    // Scored on sentence 1 alone, only its gold entity counts.
    expect(spanF1(data, probs, 2, () => 0.3, new Set([1]))).toBe(1);
  });

  it('resolves overlapping candidates as recognize() does: the more probable span wins', () => {
    const overlap: NerRows = { ...data, y: [...data.y, 2], sentence: [...data.sentence, 1], spans: [...data.spans, { start: 0, end: 8 }] };
    const withWide = [...probs, [0.05, 0.9, 0.05]];
    // The wrong, wider span beats the right one: sentence 1 loses its hit.
    expect(spanF1(overlap, withWide, 2, () => 0.3)).toBeCloseTo((2 * 1) / (3 + 2), 10);
  });
});

describe('evaluation metrics', () => {
  it('confusion matrix and per-label scores follow the given label order', () => {
    const m = classificationMetrics(['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'c'], ['b', 'a', 'c']);
    expect(m.labels).toEqual(['b', 'a', 'c']);
    expect(m.confusion).toEqual([
      [1, 0, 1],
      [1, 1, 0],
      [0, 0, 0],
    ]);
    expect(m.perLabel.a).toEqual({ precision: 1, recall: 0.5, f1: 2 / 3, support: 2 });
    expect(m.macroF1).toBeCloseTo((2 / 3 + 0.5) / 2, 10); // over gold labels only
  });

  it('NER scores are exact-span, per type and overall', () => {
    const gold = [
      [
        { start: 0, end: 4, type: 'person' },
        { start: 10, end: 15, type: 'location' },
      ],
      [{ start: 0, end: 3, type: 'person' }],
    ];
    const pred = [
      [
        { start: 0, end: 4, type: 'person' },
        { start: 10, end: 14, type: 'location' },
      ],
      [{ start: 0, end: 3, type: 'location' }],
    ];
    const s = spanMetrics(gold, pred);
    expect(s.precision).toBeCloseTo(1 / 3, 10);
    expect(s.recall).toBeCloseTo(1 / 3, 10);
    expect(s.perType.person).toEqual({ precision: 1, recall: 0.5, f1: 2 / 3, support: 2 });
    expect(s.perType.location).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(s.spanF1).toBeCloseTo(2 / 3, 10);
  });
});
