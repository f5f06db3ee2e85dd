import type { TokenizerPort } from '../ports.js';

/**
 * Surface features of a text for the fit step's head: what examples teach that the mask's
 * words do not (a question's "how many", a ticket's "firefox"). Computed from the token ids
 * the engine already has (so the same on every runtime): word-pieces are joined back into
 * words, then each distinct word (`w:how`), word bigram (`w:how many`) and character
 * trigram inside a word with its boundaries (`c:<ho`, `c:how`, `c:ow>`) is one feature.
 * The fit keeps a bounded vocabulary of them (selectGrams); each stored gram is readable,
 * so `learned` shows what was fitted.
 */

/** Most n-grams a fitted head keeps (each costs one weight per class in the config document). */
export const MAX_GRAMS = 384;
/** Most n-gram weights (grams × classes) a head stores: a 50-class config keeps 81 grams, a 6-class one MAX_GRAMS. */
export const MAX_GRAM_WEIGHTS = 4096;
/** The n-gram vocabulary size for a fit over `classes` classes. */
export const gramBudget = (classes: number): number => Math.min(MAX_GRAMS, Math.floor(MAX_GRAM_WEIGHTS / Math.max(classes, 1)));

/** An n-gram must occur in at least this many training examples to be a feature. */
export const MIN_DF = 2;
/** Longer words (URLs, hashes, paths) give no word n-grams, only character trigrams: stored grams stay short (the schema's bound). */
export const MAX_WORD_CHARS = 40;

/** Words of a token-id sequence: word-pieces (`##…`) joined, special tokens dropped. */
export function idsToWords(ids: readonly number[], tokenizer: TokenizerPort): string[] {
  const words: string[] = [];
  for (const id of ids) {
    if (tokenizer.specialIds.has(id)) continue;
    const t = tokenizer.idToToken(id).toLowerCase();
    if (t.startsWith('##') && words.length > 0) words[words.length - 1] += t.slice(2);
    else words.push(t);
  }
  return words;
}

/** The distinct n-grams of a text's words, sorted (deterministic). */
export function textGrams(words: readonly string[]): string[] {
  const out = new Set<string>();
  const short = (w: string | undefined): w is string => w !== undefined && w.length <= MAX_WORD_CHARS;
  words.forEach((w, i) => {
    if (short(w)) out.add(`w:${w}`);
    if (short(w) && short(words[i + 1])) out.add(`w:${w} ${words[i + 1]}`);
    if (/^\p{L}/u.test(w) && w.length >= 3) {
      const padded = `<${w}>`;
      for (let k = 0; k + 3 <= padded.length; k++) out.add(`c:${padded.slice(k, k + 3)}`);
    }
  });
  return [...out].sort();
}

/**
 * The n-gram vocabulary of a fit: grams in at least MIN_DF of `rows`' texts, the most
 * frequent first (ties by name), at most `max`.
 */
export function selectGrams(grams: readonly (readonly string[])[], rows: readonly number[], max = MAX_GRAMS): string[] {
  const df = new Map<string, number>();
  for (const r of rows) for (const g of grams[r]!) df.set(g, (df.get(g) ?? 0) + 1);
  return [...df]
    .filter(([, n]) => n >= MIN_DF)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, max)
    .map(([g]) => g);
}

/** Columns of `index` a text's grams hit (its sparse binary feature row). */
export function gramCols(grams: readonly string[], index: ReadonlyMap<string, number>): number[] {
  const cols: number[] = [];
  for (const g of grams) {
    const c = index.get(g);
    if (c !== undefined) cols.push(c);
  }
  return cols;
}
