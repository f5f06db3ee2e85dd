import { describe, expect, it } from 'vitest';
import { isHeldApart, nerParts } from '../../tools/eval/ner-split.js';

describe('the fixed held-apart part of conll2003-dev for NER', () => {
  it('holds apart every fifth block of 50 consecutive sentences, disjoint from the tuned part', () => {
    expect([0, 49, 199].map(isHeldApart)).toEqual([false, false, false]);
    expect([200, 249, 450, 3249].map(isHeldApart)).toEqual([true, true, true, true]);
    expect(isHeldApart(250)).toBe(false);
    const rows = Array.from({ length: 3250 }, (_, i) => i);
    const { tuned, heldApart } = nerParts(rows);
    expect(heldApart).toHaveLength(650);
    expect(tuned).toHaveLength(2600);
    expect(new Set([...tuned, ...heldApart]).size).toBe(3250);
  });
});

describe('the NER breakdown line of npm run eval', () => {
  it('prints F1 per type and per layout for each NER run, nothing for classify runs', async () => {
    const { nerBreakdown } = await import('../../tools/eval/report.js');
    const prf = (f1: number) => ({ precision: f1, recall: f1, f1 });
    const ner = {
      task: 'conll held-apart',
      kind: 'ner' as const,
      config: 'ner',
      testRows: 650,
      trainPool: 2600,
      points: [],
      runs: [
        {
          shots: 0,
          seed: 0,
          score: 0.714,
          metrics: { ...prf(0.714), spanF1: 0.8, perType: { organization: { ...prf(0.666), support: 10 } } },
          byLayout: { headline: { f1: 0.408, sentences: 35, entities: 60 } },
        },
      ],
    };
    const classify = { ...ner, task: 'sst2', kind: 'classify' as const };
    expect(nerBreakdown([ner, classify])).toBe('conll held-apart (0-shot): F1 71.4 | per type: organization 66.6 | per layout: headline 40.8 (35)');
  });
});
