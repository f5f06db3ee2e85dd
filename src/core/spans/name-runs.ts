import { LIMITS } from '../limits.js';
import type { Span, SpanOptions } from './propose-spans.js';
import { isStopword } from './stopwords.js';
import { splitWords, type Word } from './words.js';

/**
 * A whole-name candidate: a maximal run of capitalized words ("Angela Merkel", "European Union",
 * "New York Stock Exchange"), joined over name particles ("Bank of England", "Ludwig van
 * Beethoven"), with its parts: the word n-grams inside it, asked only when the whole run is
 * not an entity (a headline in capitals, "Paris London" without a comma).
 */
export interface NameRun extends Span {
  /** False for runs too long to be one name (LIMITS.maxSpanWords): only their parts are asked. */
  whole: boolean;
  parts: Span[];
}

/** Lower-case words that stay inside a name when capitalized words stand on both sides. */
const PARTICLES = new Set(['of', 'de', 'van', 'von', 'der', 'den', 'da', 'del', 'della', 'di', 'du', 'la', 'le', 'bin', 'al', 'y']);

/** Titles and roles that precede a name but are not part of it (CoNLL-style boundaries). */
const TITLES = new Set(
  (
    'mr mr. mrs mrs. ms ms. dr dr. sir president prime minister king queen pope chancellor senator sen. governor gov. ' +
    'mayor premier general gen. colonel col. captain capt. coach manager chairman chairwoman director secretary ' +
    'spokesman spokeswoman judge prince princess lord lady saint st. rev. reverend father brother sister uncle aunt ' +
    'defender striker midfielder goalkeeper forward champion veteran leader officer sergeant lieutenant commander'
  ).split(' '),
);

const isName = (w: Word): boolean => /^\p{Lu}/u.test(w.text);
const continues = (w: Word): boolean => isName(w) || /^\p{N}/u.test(w.text);

function toSpan(text: string, words: readonly Word[], i: number, n: number): Span {
  const start = words[i]!.start;
  const end = words[i + n - 1]!.end;
  return { text: text.slice(start, end), start, end };
}

/** Word index ranges [from, to) of the capitalized runs of a text, trimmed of titles and stopwords. */
function runRanges(words: readonly Word[], trimStopwords: boolean): [number, number][] {
  const ranges: [number, number][] = [];
  let i = 0;
  while (i < words.length) {
    if (!isName(words[i]!)) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < words.length && !words[j]!.breakBefore) {
      const w = words[j]!;
      if (continues(w)) j++;
      else if (PARTICLES.has(w.text) && j + 1 < words.length && !words[j + 1]!.breakBefore && isName(words[j + 1]!)) j += 2;
      else break;
    }
    let from = i;
    let to = j;
    const drop = (w: Word) => TITLES.has(w.text.toLowerCase()) || (trimStopwords && isStopword(w));
    while (from < to && drop(words[from]!)) from++;
    while (to > from && ((trimStopwords && isStopword(words[to - 1]!)) || PARTICLES.has(words[to - 1]!.text))) to--;
    if (from < to) ranges.push([from, to]);
    i = j;
  }
  return ranges;
}

/**
 * Whole-name candidates of a text, at most `maxSpans` (leftmost first; `truncated` says when
 * more existed). Each run lists its parts: n-grams of up to `maxWords` capitalized words inside
 * it (stopword-trimmed), also at most `maxSpans` per text in all.
 */
export function proposeNameRuns(text: string, options: SpanOptions): { runs: NameRun[]; truncated: boolean } {
  const words = splitWords(text);
  const ranges = runRanges(words, options.trimStopwords);
  const runs: NameRun[] = [];
  let partsLeft = options.maxSpans;
  for (const [from, to] of ranges.slice(0, options.maxSpans)) {
    const parts: Span[] = [];
    const len = to - from;
    for (let n = Math.min(options.maxWords, len); n >= 1 && len > 1; n--) {
      for (let i = from; i + n <= to && partsLeft > 0; i++) {
        if (n === len) continue;
        const first = words[i]!;
        const last = words[i + n - 1]!;
        if (!isName(first) || !continues(last) || (options.trimStopwords && (isStopword(first) || isStopword(last)))) continue;
        parts.push(toSpan(text, words, i, n));
        partsLeft--;
      }
    }
    runs.push({ ...toSpan(text, words, from, len), whole: len <= LIMITS.maxSpanWords, parts });
  }
  return { runs, truncated: ranges.length > runs.length };
}
