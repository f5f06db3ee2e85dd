import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Benchmark inputs drawn from the shared dev sets (../shared/data/eval) with their real
 * length distribution: SST-2 review phrases, AG News sentences, CoNLL-2003 dev sentences.
 * Shuffled with a fixed seed, so runs compare; a cursor hands out a fresh text per call.
 */
const EVAL = resolve(import.meta.dirname, '../../shared/data/eval');

const tsvTexts = (file: string): string[] =>
  readFileSync(resolve(EVAL, file), 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t')[0]!.trim())
    .filter((t) => t.length > 0);

/** CoNLL-2003 dev sentences, tokens joined by spaces (document separators dropped). */
const conllSentences = (): string[] =>
  readFileSync(resolve(EVAL, 'conll2003-dev.txt'), 'utf8')
    .split(/\n\s*\n/)
    .map((block) =>
      block
        .split('\n')
        .map((l) => l.split(' ')[0]!)
        .filter((w) => w && w !== '-DOCSTART-')
        .join(' '),
    )
    .filter((s) => s.length > 0);

/** Deterministic shuffle (mulberry32). */
function shuffled<T>(items: readonly T[], seed = 14): T[] {
  let a = seed;
  const rand = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export const words = (t: string): number => t.split(/\s+/).filter(Boolean).length;

export interface TextPool {
  name: string;
  texts: string[];
  /** The next text, round-robin (a fresh one per call until the pool wraps). */
  next(): string;
  take(n: number): string[];
}

export function pool(name: string, texts: readonly string[]): TextPool {
  const list = shuffled(texts);
  let i = 0;
  const next = () => list[i++ % list.length]!;
  return { name, texts: list, next, take: (n) => Array.from({ length: n }, next) };
}

let cache: { reviews: string[]; news: string[]; conll: string[] } | undefined;
function all() {
  cache ??= { reviews: tsvTexts('sst2-phrases.tsv'), news: tsvTexts('agnews-dev.tsv'), conll: conllSentences() };
  return cache;
}

/** Review phrases and news sentences together: what a classify endpoint sees. */
export const classifyTexts = (): string[] => [...all().reviews, ...all().news];
export const conllTexts = (): string[] => all().conll;
export const inWords = (texts: readonly string[], min: number, max: number): string[] => texts.filter((t) => words(t) >= min && words(t) <= max);
