import * as data from './lexicon-data.js';

/** The NER word lists (lower-case keys), built from lexicon-data.ts on first use. */
export interface Lexicon {
  /** Written lower-case most of the time (truecasing, sentence-initial checks). */
  common: ReadonlySet<string>;
  /** Capitalized most of the time. */
  proper: ReadonlySet<string>;
  firstNames: ReadonlySet<string>;
  locations: ReadonlySet<string>;
  nationalities: ReadonlySet<string>;
  companyWords: ReadonlySet<string>;
}

let built: Lexicon | undefined;
const set = (s: string): ReadonlySet<string> => new Set(s.split('|'));

export function lexicon(): Lexicon {
  built ??= {
    common: set(data.COMMON_WORDS),
    proper: set(data.PROPER_WORDS),
    firstNames: set(data.FIRST_NAMES),
    locations: set(data.LOCATIONS),
    nationalities: set(data.NATIONALITIES),
    companyWords: set(data.COMPANY_WORDS),
  };
  return built;
}

/** True for a word any list knows as (part of) a name: such a word is never lower-cased. */
export function isKnownName(lex: Lexicon, word: string): boolean {
  const w = word.toLowerCase();
  return lex.locations.has(w) || lex.nationalities.has(w) || lex.companyWords.has(w) || lex.proper.has(w);
}
