import { isStopword } from './stopwords.js';
import { splitWords, type Word } from './words.js';

export interface Span {
  text: string;
  start: number;
  end: number;
}

export interface SpanOptions {
  /** Longest candidate, in words. */
  maxWords: number;
  /** Keep only spans whose words all start with an upper-case letter or digit. */
  capitalized: boolean;
  /** Drop spans that start or end with a stopword. */
  trimStopwords: boolean;
  /** Upper bound on candidates per text (the shortest, leftmost are kept first). */
  maxSpans: number;
}

const isCapitalized = (w: Word): boolean => /^[\p{Lu}\p{N}]/u.test(w.text);

/**
 * Candidate entity spans: word n-grams up to `maxWords`, never crossing punctuation, with
 * switchable filters. Offsets index the original text.
 */
export function proposeSpans(text: string, options: SpanOptions): { spans: Span[]; truncated: boolean } {
  const words = splitWords(text);
  const spans: Span[] = [];
  let total = 0;
  for (let n = 1; n <= options.maxWords; n++) {
    for (let i = 0; i + n <= words.length; i++) {
      const group = words.slice(i, i + n);
      if (group.slice(1).some((w) => w.breakBefore)) continue;
      if (options.trimStopwords && (isStopword(group[0]!) || isStopword(group[n - 1]!))) continue;
      if (options.capitalized && !group.every((w) => isCapitalized(w) || (w !== group[0] && w !== group[n - 1] && isStopword(w)))) continue;
      total++;
      if (spans.length < options.maxSpans) {
        const start = group[0]!.start;
        const end = group[n - 1]!.end;
        spans.push({ text: text.slice(start, end), start, end });
      }
    }
  }
  return { spans, truncated: total > spans.length };
}

export interface ScoredSpan extends Omit<Span, 'context'> {
  score: number;
}

/** Greedy overlap resolution: highest score first; a span overlapping a kept one is dropped. */
export function resolveOverlaps<T extends ScoredSpan>(candidates: readonly T[]): T[] {
  const kept: T[] = [];
  const sorted = [...candidates].sort((a, b) => b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start);
  for (const c of sorted) {
    if (!kept.some((k) => c.start < k.end && k.start < c.end)) kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}
