import type { Span } from '../spans/propose-spans.js';
import type { Word } from '../spans/words.js';
import type { Candidates } from './candidates.js';
import type { Lexicon } from './lexicon.js';

/** The entity types the evidence model knows, in its order; the prompt's "none" class comes last. */
export const EVIDENCE_TYPES = ['person', 'location', 'organization', 'misc'] as const;

const words = (s: string): Set<string> => new Set(s.split(' '));
/** Words that mark an organisation's name (companies, clubs, agencies, parties, newspapers). */
const ORG_CUES = words(
  'inc inc. corp corp. co co. ltd ltd. plc group holdings bank airlines airways motors industries international systems ' +
    'fc united city rovers athletic wanderers county albion town club rangers celtic sporting olympique real dynamo spartak ' +
    'party congress council ministry agency commission committee union federation association organisation organization ' +
    'institute university college school times news post herald journal telegraph gazette tribune press daily radio tv television ' +
    'exchange reserve fund board court police army navy',
);
const LOC_CUES = words('river lake mount mountains island islands gulf bay sea ocean valley street avenue square bridge airport region province state');
const MISC_CUES = words('cup open championship championships games olympics tournament trophy grand prix series award war league');
const SPORTS = words(
  'beat beats drew draw lost won win wins match game games goal goals scored score innings wickets runs points league cup season ' +
    'championship soccer football cricket rugby tennis basketball baseball hockey v vs standings half-time halftime',
);
const PLACE_PREPOSITIONS = words('in at from near to into across outside');

/** Names of the evidence features, in vector order (the weights file is keyed by them). */
export const FEATURE_NAMES = [
  'bias',
  'log_p_person',
  'log_p_location',
  'log_p_organization',
  'log_p_misc',
  'log_p_none',
  'gaz_location',
  'gaz_location_word',
  'gaz_first_name',
  'gaz_first_name_single',
  'gaz_nationality',
  'gaz_company_word',
  'cue_org',
  'cue_location',
  'cue_misc',
  'one_word',
  'three_words',
  'sentence_initial',
  'initial_common',
  'common_share',
  'proper_share',
  'headline',
  'table',
  'dateline',
  'sports',
  'sports_x_gaz_location',
  'after_place_preposition',
  'after_the',
  'acronym',
  'has_of',
  'dateline_first',
  'sports_x_log_p_location',
  'sports_x_log_p_person',
  'sports_x_log_p_organization',
  'table_x_gaz_location',
  'headline_x_log_p_none',
  'headline_x_one_word',
  'in_parentheses',
  'before_parenthesis',
  'after_of',
  'before_said',
  'has_ampersand',
  'company_single',
  'headline_slug',
] as const;

const LOG_FLOOR = Math.log(1e-6);

/**
 * The evidence vector of one candidate span: the prompt's calibrated class probabilities (as
 * log-probabilities, in EVIDENCE_TYPES order then "none") beside word-list, shape, layout and
 * context evidence. Word lists only ever enter as features next to the prompt's answer.
 */
export function spanFeatures(lex: Lexicon, c: Candidates, span: Span, probs: readonly number[]): number[] {
  const inside = c.words.filter((w) => w.start >= span.start && w.end <= span.end);
  const lower = inside.map((w) => w.text.toLowerCase());
  const whole = lower.join(' ');
  const firstIndex = c.words.findIndex((w) => w.start === span.start);
  const prev: Word | undefined = firstIndex > 0 ? c.words[firstIndex - 1] : undefined;
  const initial = firstIndex === 0 || (prev !== undefined && /[.!?:]\s*$/u.test(c.cased.slice(prev.end, span.start)));
  const sports = c.layout === 'table' || c.words.some((w) => SPORTS.has(w.text.toLowerCase()));
  const gazLoc = lex.locations.has(whole) ? 1 : 0;
  const share = (s: ReadonlySet<string>) => (lower.length ? lower.filter((w) => s.has(w)).length / lower.length : 0);
  const original = span.text;
  const lastIndex = c.words.findIndex((w) => w.end === span.end);
  const next: Word | undefined = lastIndex >= 0 ? c.words[lastIndex + 1] : undefined;
  const f = [
    1,
    ...probs.map((p) => Math.max(LOG_FLOOR, Math.log(Math.max(p, 1e-12))) / 5),
    gazLoc,
    share(lex.locations),
    lower.length >= 2 && lex.firstNames.has(lower[0]!) ? 1 : 0,
    lower.length === 1 && lex.firstNames.has(lower[0]!) ? 1 : 0,
    lex.nationalities.has(whole) || lex.nationalities.has(whole.replace(/s$/, '')) ? 1 : 0,
    lower.some((w) => lex.companyWords.has(w)) ? 1 : 0,
    lower.some((w) => ORG_CUES.has(w)) ? 1 : 0,
    lower.some((w) => LOC_CUES.has(w)) ? 1 : 0,
    lower.some((w) => MISC_CUES.has(w)) ? 1 : 0,
    lower.length === 1 ? 1 : 0,
    lower.length >= 3 ? 1 : 0,
    initial ? 1 : 0,
    initial && lower.length > 0 && lex.common.has(lower[0]!) ? 1 : 0,
    share(lex.common),
    share(lex.proper),
    c.layout === 'headline' ? 1 : 0,
    c.layout === 'table' ? 1 : 0,
    c.layout === 'dateline' ? 1 : 0,
    sports ? 1 : 0,
    sports ? gazLoc : 0,
    prev && PLACE_PREPOSITIONS.has(prev.text.toLowerCase()) ? 1 : 0,
    prev && prev.text.toLowerCase() === 'the' ? 1 : 0,
    /^[A-Z]{2,5}$/.test(original) && c.layout === 'prose' ? 1 : 0,
    lower.includes('of') ? 1 : 0,
    c.layout === 'dateline' && firstIndex === 0 ? 1 : 0,
  ];
  f.push(
    sports ? f[2]! : 0,
    sports ? f[1]! : 0,
    sports ? f[3]! : 0,
    c.layout === 'table' ? gazLoc : 0,
    c.layout === 'headline' ? f[5]! : 0,
    c.layout === 'headline' && lower.length === 1 ? 1 : 0,
    /\(\s*$/.test(c.cased.slice(0, span.start)) && /^\s*\)/.test(c.cased.slice(span.end)) ? 1 : 0,
    /^\s*\(/.test(c.cased.slice(span.end)) ? 1 : 0,
    prev && prev.text.toLowerCase() === 'of' ? 1 : 0,
    next && /^(said|says|told|added)$/i.test(next.text) ? 1 : 0,
    original.includes('&') ? 1 : 0,
    lower.length === 1 && lex.companyWords.has(lower[0]!) && !lex.firstNames.has(lower[0]!) ? 1 : 0,
    // "ATHLETICS - ...": a headline's leading section slug
    c.layout === 'headline' && firstIndex === 0 && /^\s*-/.test(c.cased.slice(span.end)) ? 1 : 0,
  );
  return f;
}
