import { describe, expect, it } from 'vitest';
import { proposeCandidates } from '../../src/core/ner/candidates.js';
import { checkEvidenceModel, EVIDENCE_CLASSES, evidenceProbs, evidenceType, type EvidenceModel } from '../../src/core/ner/evidence.js';
import { EVIDENCE_MODEL } from '../../src/core/ner/evidence-weights.js';
import { FEATURE_NAMES, spanFeatures } from '../../src/core/ner/features.js';
import { layoutOf } from '../../src/core/ner/layout.js';
import { lexicon } from '../../src/core/ner/lexicon.js';
import { truecase } from '../../src/core/spans/truecase.js';
import { splitWords } from '../../src/core/spans/words.js';

const opts = { maxWords: 3, capitalized: true, trimStopwords: true, maxSpans: 64 };
const runTexts = (text: string) => proposeCandidates(text, opts).runs.map((r) => r.text);

describe('truecase', () => {
  it('lower-cases common shouted words, capitalizes the rest and known phrases, keeping offsets', () => {
    const common = new Set(['take', 'over', 'at', 'top', 'new']);
    const text = 'LEICESTERSHIRE TAKE OVER AT TOP IN NEW YORK';
    const out = truecase(
      text,
      (w) => common.has(w),
      (p) => p === 'new york',
    );
    expect(out).toBe('Leicestershire take over at top In New York');
    expect(out).toHaveLength(text.length);
    expect(truecase('Mixed CASE text', () => true)).toBe('Mixed case text');
  });
});

describe('layoutOf', () => {
  const layout = (t: string) => layoutOf(splitWords(t));
  it('tells headlines, datelines, table rows and prose apart', () => {
    expect(layout('SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .')).toBe('headline');
    expect(layout('LONDON 1996-08-30')).toBe('dateline');
    expect(layout('Leicestershire 22 5 4 13 92')).toBe('table');
    expect(layout('NEW YORK 74 59 .556 -')).toBe('table');
    expect(layout('Phil Simmons took four for 38 on Friday as Leicestershire beat Somerset.')).toBe('prose');
  });
});

describe('proposeCandidates', () => {
  it('trims trailing numbers and dates off names', () => {
    expect(runTexts('Davies 39 , Turkey 1996-12-06')).toEqual(['Davies', 'Turkey']);
  });

  it('splits "of" where it joins a person and a place, keeps institutions whole', () => {
    expect(runTexts('Peter Nicol of Scotland beat Jansher Khan of Pakistan.')).toEqual(['Peter Nicol', 'Scotland', 'Jansher Khan', 'Pakistan']);
    expect(runTexts('He joined the Bank of England and the University of Chicago.')).toEqual(['Bank of England', 'University of Chicago']);
  });

  it('joins names over "&" and drops a lone sentence-initial common word', () => {
    expect(runTexts('Shares of Procter & Gamble rose.')).toEqual(['Procter & Gamble']);
    expect(runTexts('Standings after games played on Sunday.')).toEqual(['Sunday']);
    expect(runTexts('Reuters said so.')).toEqual(['Reuters']);
  });

  it('proposes names in an all-caps headline, with spans cut from the original text', () => {
    const text = 'CRICKET - LEICESTERSHIRE TAKE OVER AT TOP AFTER INNINGS VICTORY .';
    const c = proposeCandidates(text, opts);
    expect(c.layout).toBe('headline');
    expect(c.runs.map((r) => r.text)).toContain('LEICESTERSHIRE');
    expect(c.runs.map((r) => r.text)).not.toContain('TAKE');
    for (const r of c.runs) expect(text.slice(r.start, r.end)).toBe(r.text);
  });
});

describe('evidence model', () => {
  it('the shipped weights match the feature list', () => {
    expect(() => checkEvidenceModel(EVIDENCE_MODEL)).not.toThrow();
    expect(() => checkEvidenceModel({ ...EVIDENCE_MODEL, features: FEATURE_NAMES.slice(1).join() })).toThrow(/fit-evidence/);
  });

  it('turns features into class probabilities and applies per-type thresholds', () => {
    const x = FEATURE_NAMES.map((_, j) => (j === 0 ? 1 : 0));
    const weights = EVIDENCE_CLASSES.map((_, c) => FEATURE_NAMES.map((_, j) => (j === 0 ? [2, 0, 0, 0, 1][c]! : 0)));
    const model: EvidenceModel = { features: FEATURE_NAMES.join(), weights, thresholds: { person: 0.5 } };
    const p = evidenceProbs(model, x);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    const t = evidenceType(model, x);
    expect(t.type).toBe('person');
    expect(t.score).toBeCloseTo(p[0]!, 9);
    expect(t.accepted).toBe(p[0]! >= 0.5);
    expect(evidenceType({ ...model, thresholds: { person: 0.99 } }, x).accepted).toBe(false);
  });

  it('word-list evidence moves the answer but the prompt still counts', () => {
    const lex = lexicon();
    const text = 'Angela Merkel met Emmanuel Macron in Berlin to discuss Airbus.';
    const c = proposeCandidates(text, opts);
    const berlin = c.runs.find((r) => r.text === 'Berlin')!;
    const x = (probs: number[]) => spanFeatures(lex, c, berlin, probs);
    expect(x([0.01, 0.9, 0.05, 0.02, 0.02])[FEATURE_NAMES.indexOf('gaz_location')]).toBe(1);
    const asPlace = evidenceType(EVIDENCE_MODEL, x([0.01, 0.9, 0.05, 0.02, 0.02]));
    const asPerson = evidenceProbs(EVIDENCE_MODEL, x([0.9, 0.01, 0.05, 0.02, 0.02]));
    expect(asPlace.type).toBe('location');
    expect(asPerson[1]!).toBeLessThan(evidenceProbs(EVIDENCE_MODEL, x([0.01, 0.9, 0.05, 0.02, 0.02]))[1]!);
  });
});
