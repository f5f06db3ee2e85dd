import { describe, expect, it } from 'vitest';
import { proposeSpans, resolveOverlaps } from '../../src/core/spans/propose-spans.js';
import { splitWords } from '../../src/core/spans/words.js';

const opts = { maxWords: 3, capitalized: true, trimStopwords: true, maxSpans: 64 };

describe('splitWords', () => {
  it('keeps character offsets into the original text', () => {
    const text = 'John went to Paris, then U.S. cities.';
    for (const w of splitWords(text)) expect(text.slice(w.start, w.end)).toBe(w.text);
    expect(splitWords(text).map((w) => w.text)).toEqual(['John', 'went', 'to', 'Paris', 'then', 'U.S.', 'cities']);
    expect(splitWords(text).find((w) => w.text === 'then')!.breakBefore).toBe(true);
  });
});

describe('proposeSpans', () => {
  const text = 'John went to Paris to visit the University of Chicago.';

  it('enumerates capitalized n-grams without stopword edges, within punctuation', () => {
    const spans = proposeSpans(text, opts).spans.map((s) => s.text);
    expect(spans).toEqual(expect.arrayContaining(['John', 'Paris', 'University', 'Chicago', 'University of Chicago']));
    expect(spans).not.toContain('the University');
    expect(spans).not.toContain('University of');
    expect(spans).not.toContain('went');
    for (const s of proposeSpans(text, opts).spans) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('switches filters off', () => {
    const all = proposeSpans('the big dog', { ...opts, capitalized: false, trimStopwords: false }).spans.map((s) => s.text);
    expect(all).toEqual(['the', 'big', 'dog', 'the big', 'big dog', 'the big dog']);
  });

  it('never crosses punctuation', () => {
    expect(proposeSpans('Paris, London', opts).spans.map((s) => s.text)).toEqual(['Paris', 'London']);
  });

  it('bounds the candidates and reports the cut', () => {
    const many = Array.from({ length: 40 }, (_, i) => `Name${i}`).join(' ');
    const r = proposeSpans(many, { ...opts, maxSpans: 10 });
    expect(r.spans).toHaveLength(10);
    expect(r.truncated).toBe(true);
  });
});

describe('resolveOverlaps', () => {
  it('keeps the best-scoring span of overlapping ones, greedily', () => {
    const kept = resolveOverlaps([
      { text: 'New York', start: 0, end: 8, score: 0.9 },
      { text: 'York', start: 4, end: 8, score: 0.95 },
      { text: 'New', start: 0, end: 3, score: 0.5 },
      { text: 'Times', start: 9, end: 14, score: 0.6 },
    ]);
    expect(kept.map((k) => k.text)).toEqual(['New', 'York', 'Times']);
  });
});
