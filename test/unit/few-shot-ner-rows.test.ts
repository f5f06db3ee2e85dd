import { describe, expect, it } from 'vitest';
import { spanCounts, spanF1, type NerRows } from '../../src/core/fewshot/ner-rows.js';

describe('NER fit scoring simulates the two passes of spans: "names"', () => {
  // One sentence, "Bank of England in London": the run "Bank of England" (row 0, whole) with
  // its parts "Bank" (row 1) and "England" (row 2), and the run "London" (row 3, whole).
  // Classes: 0 organization, 1 location, 2 none.
  const data: NerRows = {
    inputs: [],
    views: 1,
    y: [0, 2, 2, 1],
    sentence: [0, 0, 0, 0],
    sentences: 1,
    spans: [
      { start: 0, end: 15 },
      { start: 0, end: 4 },
      { start: 8, end: 15 },
      { start: 19, end: 25 },
    ],
    run: [0, 0, 0, 1],
    whole: [true, false, false, true],
    gold: [1, 1, 0],
    goldBySentence: [2],
  };

  it("a run's parts are not asked once the whole run is accepted", () => {
    // The whole run is accepted as an organization: the confident part "England" is never asked.
    const probs = [
      [0.8, 0.1, 0.1],
      [0.1, 0.1, 0.8],
      [0.05, 0.9, 0.05],
      [0.1, 0.8, 0.1],
    ];
    expect(spanCounts(data, probs, 2, () => 0.5)).toEqual([{ tp: 2, predicted: 2, gold: 2 }]);
    // As n-grams, every candidate competes at once and the more probable part wins the overlap.
    const ngrams: NerRows = { ...data, run: undefined, whole: undefined };
    expect(spanCounts(ngrams, probs, 2, () => 0.5)).toEqual([{ tp: 1, predicted: 2, gold: 2 }]);
  });

  it('when the whole run is rejected, its parts compete in the second pass', () => {
    const probs = [
      [0.3, 0.1, 0.6],
      [0.1, 0.1, 0.8],
      [0.05, 0.9, 0.05],
      [0.1, 0.8, 0.1],
    ];
    // "England" is then answered (wrongly, as a location) beside "London".
    expect(spanCounts(data, probs, 2, () => 0.5)).toEqual([{ tp: 1, predicted: 2, gold: 2 }]);
    expect(spanF1(data, probs, 2, () => 0.5)).toBe(0.5);
    // A per-type threshold that rejects the whole run lets its part through; a lower one keeps the run.
    const accepting = [[0.7, 0.1, 0.2], ...probs.slice(1)];
    expect(spanCounts(data, accepting, 2, (t) => (t === 0 ? 0.75 : 0.5))).toEqual([{ tp: 1, predicted: 2, gold: 2 }]);
    expect(spanCounts(data, accepting, 2, () => 0.5)).toEqual([{ tp: 2, predicted: 2, gold: 2 }]);
  });
});
