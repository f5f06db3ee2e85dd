import { describe, expect, it } from 'vitest';
import { proposeNameRuns } from '../../src/core/spans/name-runs.js';
import { proposeSpans, resolveOverlaps } from '../../src/core/spans/propose-spans.js';
import { contextWindow, splitWords } from '../../src/core/spans/words.js';

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

describe('proposeNameRuns', () => {
  const runs = (text: string, o = opts) => proposeNameRuns(text, o).runs;

  it('makes each run of capitalized words one candidate, joined over name particles', () => {
    const text = 'Angela Merkel met Emmanuel Macron in Berlin to discuss the European Union and the Bank of England.';
    expect(runs(text).map((r) => r.text)).toEqual(['Angela Merkel', 'Emmanuel Macron', 'Berlin', 'European Union', 'Bank of England']);
    for (const r of runs(text)) expect(text.slice(r.start, r.end)).toBe(r.text);
  });

  it('keeps initials, hyphens and numbers inside a name, drops titles and edge stopwords', () => {
    expect(runs('President George W. Bush met Jean-Luc Picard on Apollo 13.').map((r) => r.text)).toEqual(['George W. Bush', 'Jean-Luc Picard', 'Apollo 13']);
    expect(runs('The New York Stock Exchange fell.').map((r) => r.text)).toEqual(['New York Stock Exchange']);
  });

  it('never crosses punctuation, and a particle needs a capitalized word after it', () => {
    expect(runs('Paris, London and Rome of old').map((r) => r.text)).toEqual(['Paris', 'London', 'Rome']);
  });

  it('lists the parts of a run (asked only if the whole is not an entity), never the whole again', () => {
    const [run] = runs('JAPAN GET LUCKY WIN');
    expect(run!.text).toBe('JAPAN GET LUCKY WIN');
    expect(run!.parts.map((p) => p.text)).toEqual(expect.arrayContaining(['JAPAN', 'LUCKY WIN', 'JAPAN GET LUCKY']));
    expect(run!.parts.map((p) => p.text)).not.toContain('JAPAN GET LUCKY WIN');
    expect(runs('Berlin')[0]!.parts).toEqual([]);
  });

  it('bounds runs and parts per text', () => {
    const many = Array.from({ length: 40 }, (_, i) => `Name${i}`).join(', ');
    const r = proposeNameRuns(many, { ...opts, maxSpans: 10 });
    expect(r.runs).toHaveLength(10);
    expect(r.truncated).toBe(true);
    const long = proposeNameRuns(Array.from({ length: 12 }, (_, i) => `Word${i}`).join(' '), { ...opts, maxSpans: 5 });
    expect(long.runs[0]!.whole).toBe(false);
    expect(long.runs[0]!.parts).toHaveLength(5);
  });
});

describe('contextWindow', () => {
  it('gives n words either side of a span, or the whole text for 0', () => {
    const text = 'one two three Angela Merkel four five six';
    const words = splitWords(text);
    const start = text.indexOf('Angela');
    const end = start + 'Angela Merkel'.length;
    const w = contextWindow(text, words, start, end, 2);
    expect(text.slice(w.start, w.end)).toBe('two three Angela Merkel four five');
    expect(contextWindow(text, words, start, end, 0)).toEqual({ start: 0, end: text.length });
    expect(text.slice(...(Object.values(contextWindow(text, words, 0, 3, 50)) as [number, number]))).toBe(text);
  });
});
