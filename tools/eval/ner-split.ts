import { splitWords } from '../../src/core/spans/words.js';
import { layoutOf, type Layout } from '../../src/core/ner/layout.js';
import type { NerSentence } from './datasets.js';

/**
 * The fixed held-apart part of conll2003-dev for NER: consecutive blocks of 50 sentences
 * (so most documents stay whole), every fifth block held apart: sentences 200–249, 450–499, …
 * (650 of 3,250). Thresholds, weights and word lists are fitted on the other 2,600 only.
 */
export const isHeldApart = (index: number): boolean => Math.floor(index / 50) % 5 === 4;

export function nerParts<T>(rows: readonly T[]): { tuned: T[]; heldApart: T[] } {
  return { tuned: rows.filter((_, i) => !isHeldApart(i)), heldApart: rows.filter((_, i) => isHeldApart(i)) };
}

/** The layout of a dev sentence (prose, headline, table, dateline), as the recognizer sees it. */
export const sentenceLayout = (s: NerSentence): Layout => layoutOf(splitWords(s.text));
