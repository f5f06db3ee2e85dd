import { proposeNameRuns, type NameRun, type NameRunRules } from '../spans/name-runs.js';
import type { SpanOptions } from '../spans/propose-spans.js';
import { truecase } from '../spans/truecase.js';
import { splitWords, type Word } from '../spans/words.js';
import { layoutOf, shoutedShare, type Layout } from './layout.js';
import { isKnownName, lexicon, type Lexicon } from './lexicon.js';

/** Head words that make "X of Y" one name ("Bank of England", "Gulf of Mexico", "University of Chicago"). */
const JOIN_HEADS = new Set(
  (
    'bank university college school institute ministry department office board council commission committee union league federation ' +
    'association society party church court house republic kingdom state states united gulf bay sea isle isles island islands cape lake ' +
    'port mount river city county province duke duchess earl prince princess king queen lord bishop archbishop museum academy ' +
    'organisation organization army navy corps club chamber assembly parliament bureau agency fund foundation order people'
  ).split(' '),
);

function rulesOf(lex: Lexicon, layout: Layout): NameRunRules {
  return {
    // outside prose a trailing number is a score, a rank or a date ("Davies 39"); in prose a short one may be a name's ("Apollo 13")
    trimNumber: (w: Word) => layout !== 'prose' || !/^\d{1,3}$/.test(w.text),
    // "Peter Nicol of Scotland", "Jansher Khan of Pakistan": a person's name, or a non-institution
    // before a place, is two names; "Bank of England" and "University of Chicago" stay one.
    splitJoin(left, particle, right) {
      if (particle.text !== 'of') return false;
      if (left.some((w) => JOIN_HEADS.has(w.text.toLowerCase()))) return false;
      const first = left[0]!.text.toLowerCase();
      const place = lex.locations.has(
        right
          .map((w) => w.text)
          .join(' ')
          .toLowerCase(),
      );
      // "Shares of Procter & Gamble": a lone common word (capitalized by its position) is no name's head
      const commonHead = left.length === 1 && lex.common.has(first) && !isKnownName(lex, first);
      return (left.length >= 2 && lex.firstNames.has(first)) || place || commonHead;
    },
    dropInitial: (w: Word) => {
      const lower = w.text.toLowerCase();
      return lex.common.has(lower) && !isKnownName(lex, lower) && !lex.firstNames.has(lower);
    },
  };
}

/** Plain-English stems of an inflected word ("defeats" -> "defeat", "retires" -> "retire", "rallied" -> "rally"). */
function stems(w: string): string[] {
  const out: string[] = [];
  if (w.endsWith('ies') || w.endsWith('ied')) out.push(`${w.slice(0, -3)}y`);
  if (w.endsWith('es') || w.endsWith('ed')) out.push(w.slice(0, -2), w.slice(0, -1));
  else if (w.endsWith('s')) out.push(w.slice(0, -1));
  if (w.endsWith('ing')) out.push(w.slice(0, -3), `${w.slice(0, -3)}e`);
  return out;
}

export interface Candidates {
  /** The text the runs were proposed on: the input, truecased when it is a headline. */
  cased: string;
  words: Word[];
  layout: Layout;
  runs: NameRun[];
  truncated: boolean;
}

/**
 * Candidate names of a newswire line: a line mostly in capitals (headline, dateline, some
 * table rows) is truecased first (offsets unchanged, so
 * span texts are cut from the original), trailing numbers are trimmed, "X of Y" joins of two
 * names are split and a lone sentence-initial common word is dropped.
 */
export function proposeCandidates(text: string, options: SpanOptions): Candidates {
  const lex = lexicon();
  const words = splitWords(text);
  const layout = layoutOf(words);
  const cased =
    shoutedShare(words) >= 0.75
      ? truecase(
          text,
          (w) => !isKnownName(lex, w) && (lex.common.has(w) || stems(w).some((x) => lex.common.has(x))),
          (p) => lex.locations.has(p),
        )
      : text;
  const { runs, truncated } = proposeNameRuns(cased, options, rulesOf(lex, layout));
  const original = (s: { start: number; end: number }) => ({ ...s, text: text.slice(s.start, s.end) });
  return {
    cased,
    words: splitWords(cased),
    layout,
    runs: runs.map((r) => ({ ...original(r), whole: r.whole, parts: r.parts.map(original) })),
    truncated,
  };
}
