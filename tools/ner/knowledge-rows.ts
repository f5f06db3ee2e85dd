import type { NerSentence } from '../eval/datasets.js';
import { lexicon } from '../../src/core/ner/lexicon.js';

/**
 * Knowledge rows for the evidence fit: short newswire sentences built from the word lists
 * (never from a dev set), each naming one organisation (a company-list word) or one place, so
 * the fit sees the company-list evidence on more than the few companies of the dev set. The
 * same templates serve both types, so the template says nothing about the type.
 */
const TEMPLATES = [
  '{X} said on Tuesday it expected talks to continue next week.',
  'Officials from {X} declined to comment on the report.',
  'The deal with {X} was announced late on Friday.',
];

const capital = (w: string): string => w.replace(/(^|[ -])(\p{L})/gu, (_, a: string, b: string) => a + b.toUpperCase());

/** Knowledge rows per type (organisation, place) the dump scores and the fit learns from. */
export const KNOWLEDGE_PER_TYPE = 150;

export function knowledgeRows(perType: number): NerSentence[] {
  const lex = lexicon();
  const every = <T>(xs: readonly T[], n: number): T[] => xs.filter((_, i) => i % Math.max(1, Math.floor(xs.length / n)) === 0).slice(0, n);
  const companies = every([...lex.companyWords].filter((w) => w.length > 3).sort(), perType);
  const places = every([...lex.locations].filter((w) => !w.includes(' ')).sort(), perType);
  const rows: NerSentence[] = [];
  const add = (name: string, type: string, i: number) => {
    const t = TEMPLATES[i % TEMPLATES.length]!;
    const start = t.indexOf('{X}');
    rows.push({ text: t.replace('{X}', name), entities: [{ start, end: start + name.length, type }] });
  };
  for (const [i, w] of companies.entries()) add(capital(w), 'organization', i);
  for (const [i, w] of places.entries()) add(capital(w), 'location', i);
  return rows;
}
