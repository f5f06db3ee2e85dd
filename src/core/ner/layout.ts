import type { Word } from '../spans/words.js';

/**
 * How a newswire line is laid out, which changes what capitalization and numbers mean:
 * `headline` (mostly upper-case words), `dateline` (a place and a date, "LONDON 1996-08-30"),
 * `table` (a results or standings row: many numbers) or `prose`.
 */
export type Layout = 'prose' | 'headline' | 'table' | 'dateline';

export const LAYOUTS: readonly Layout[] = ['prose', 'headline', 'table', 'dateline'];

const isNumeric = (w: Word): boolean => /^[\p{N}]/u.test(w.text);
const lettered = (w: Word): boolean => /\p{L}.*\p{L}/u.test(w.text);
const isUpper = (w: Word): boolean => w.text === w.text.toUpperCase() && w.text !== w.text.toLowerCase();

/** Share of the words with two or more letters that are written in capitals (0 when none). */
export function shoutedShare(words: readonly Word[]): number {
  const withLetters = words.filter(lettered);
  return withLetters.length ? withLetters.filter(isUpper).length / withLetters.length : 0;
}

export function layoutOf(words: readonly Word[]): Layout {
  if (words.length === 0) return 'prose';
  const last = words[words.length - 1]!;
  if (words.length <= 5 && /^\d{4}-\d\d-\d\d$/.test(last.text)) return 'dateline';
  if (words.filter(isNumeric).length >= Math.max(2, 0.3 * words.length)) return 'table';
  if (words.filter(lettered).length >= 2 && shoutedShare(words) >= 0.75) return 'headline';
  return 'prose';
}
