/** A word of the original text with character offsets (end exclusive). */
export interface Word {
  text: string;
  start: number;
  end: number;
  /** True when punctuation (a sentence or clause break) separates this word from the previous one; a lone "&" does not ("Procter & Gamble"). */
  breakBefore: boolean;
}

// Letters/digits, with inner apostrophes, hyphens, periods and ampersands (O'Neil, U.S., AT&T, Jean-Luc).
const WORD = /[\p{L}\p{N}]+(?:['’.&-][\p{L}\p{N}]+)*\.?/gu;

export function splitWords(text: string): Word[] {
  const words: Word[] = [];
  let last = 0;
  for (const m of text.matchAll(WORD)) {
    let token = m[0];
    const start = m.index;
    // Keep a trailing period only for abbreviations like "U.S." / "Dr."; drop a sentence-final one.
    if (token.endsWith('.') && !/^(?:[\p{L}]\.)+$|^(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Inc|Ltd|Co|Corp)\.$/u.test(token)) token = token.slice(0, -1);
    const gap = text.slice(last, start);
    words.push({ text: token, start, end: start + token.length, breakBefore: words.length > 0 && /[^\s]/u.test(gap) && !/^\s*&\s*$/u.test(gap) });
    last = start + token.length;
  }
  return words;
}

/** Character range of `n` words of context either side of [start, end) (the whole text when n = 0). */
export function contextWindow(text: string, words: readonly Word[], start: number, end: number, n: number): { start: number; end: number } {
  if (n <= 0 || words.length === 0) return { start: 0, end: text.length };
  let first = words.findIndex((w) => w.end > start);
  if (first < 0) first = words.length - 1;
  let last = first;
  while (last + 1 < words.length && words[last + 1]!.start < end) last++;
  return { start: words[Math.max(0, first - n)]!.start, end: words[Math.min(words.length - 1, last + n)]!.end };
}
