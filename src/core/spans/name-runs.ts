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
const isNumber = (w: Word): boolean => /^\p{N}/u.test(w.text);
const continues = (w: Word): boolean => isName(w) || isNumber(w);

/**
 * Optional, knowledge-driven run rules (the NER evidence pipeline supplies them from its word
 * lists): whether a particle join ("Peter Nicol of Scotland") joins two separate names and must
 * be split, and whether a lone sentence-initial capitalized word ("Standings") is only a common
 * word capitalized by its position.
 */
export interface NameRunRules {
  splitJoin?(left: readonly Word[], particle: Word, right: readonly Word[]): boolean;
  dropInitial?(word: Word): boolean;
  /** Whether a number ends a run (and is cut off it); by default dates, decimals and long numbers do, short integers stay ("Apollo 13"). */
  trimNumber?(word: Word): boolean;
}

const defaultTrimNumber = (w: Word): boolean => !/^\d{1,3}$/.test(w.text);

/** True when `i` starts the text or follows a sentence-ending mark. */
const sentenceInitial = (text: string, words: readonly Word[], i: number): boolean =>
  i === 0 || /[.!?:]["')\]]*\s*$/u.test(text.slice(words[i - 1]!.end, words[i]!.start));

function toSpan(text: string, words: readonly Word[], i: number, n: number): Span {
  const start = words[i]!.start;
  const end = words[i + n - 1]!.end;
  return { text: text.slice(start, end), start, end };
}

/** Word index ranges [from, to) of the capitalized runs of a text, trimmed of titles and stopwords. */
function runRanges(text: string, words: readonly Word[], trimStopwords: boolean, rules: NameRunRules): [number, number][] {
  const ranges: [number, number][] = [];
  const trimNumber = rules.trimNumber ?? defaultTrimNumber;
  let i = 0;
  while (i < words.length) {
    if (!isName(words[i]!)) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < words.length && !words[j]!.breakBefore) {
      const w = words[j]!;
      if (isName(w) || (isNumber(w) && !trimNumber(w))) j++;
      else if (PARTICLES.has(w.text) && j + 1 < words.length && !words[j + 1]!.breakBefore && isName(words[j + 1]!)) j += 2;
      else break;
    }
    let from = i;
    let to = j;
    const drop = (w: Word) => TITLES.has(w.text.toLowerCase()) || (trimStopwords && isStopword(w));
    while (from < to && drop(words[from]!)) from++;
    // trailing dates and scores are not part of a name ("Turkey 1996-12-06", a table's "Davies 39")
    const trims = (w: Word) => (trimStopwords && isStopword(w)) || PARTICLES.has(w.text) || (isNumber(w) && trimNumber(w));
    while (to > from && trims(words[to - 1]!)) to--;
    for (const [a, b] of splitJoins(words, from, to, rules)) {
      const lone = b - a === 1 && sentenceInitial(text, words, a) && rules.dropInitial?.(words[a]!);
      if (a < b && !lone) ranges.push([a, b]);
    }
    i = j;
  }
  return ranges;
}

/** The run [from, to) cut at each particle that `rules.splitJoin` says joins two names. */
function splitJoins(words: readonly Word[], from: number, to: number, rules: NameRunRules): [number, number][] {
  if (!rules.splitJoin) return [[from, to]];
  const out: [number, number][] = [];
  let start = from;
  for (let k = from + 1; k < to - 1; k++) {
    if (!PARTICLES.has(words[k]!.text)) continue;
    if (rules.splitJoin(words.slice(start, k), words[k]!, words.slice(k + 1, to))) {
      out.push([start, k]);
      start = k + 1;
    }
  }
  out.push([start, to]);
  return out;
}

/**
 * Whole-name candidates of a text, at most `maxSpans` (leftmost first; `truncated` says when
 * more existed). Each run lists its parts: n-grams of up to `maxWords` capitalized words inside
 * it (stopword-trimmed), also at most `maxSpans` per text in all.
 */
export function proposeNameRuns(text: string, options: SpanOptions, rules: NameRunRules = {}): { runs: NameRun[]; truncated: boolean } {
  const words = splitWords(text);
  const ranges = runRanges(text, words, options.trimStopwords, rules);
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
