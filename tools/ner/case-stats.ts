import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

/**
 * Case statistics of the unlabelled corpus (../shared/data/corpus): for each word, how often it
 * is written lower-case and how often capitalized *inside* a sentence (sentence-initial and
 * all-caps tokens say nothing about a word's case). A word written lower-case most of the time
 * is a common word: a truecaser lower-cases it in a headline, and a capitalized sentence-initial
 * occurrence of it is no evidence of a name.
 */
export interface CaseCounts {
  lower: number;
  upper: number;
}

export async function caseStats(files: readonly string[]): Promise<Map<string, CaseCounts>> {
  const stats = new Map<string, CaseCounts>();
  for (const file of files) {
    const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
    for await (const line of lines) {
      const tokens = line.split(/\s+/).filter(Boolean);
      for (let i = 1; i < tokens.length; i++) {
        const t = tokens[i]!;
        if (!/^\p{L}[\p{L}'-]*$/u.test(t) || t.length < 2) continue;
        const prev = tokens[i - 1]!;
        if (/^[.!?:;"'`(-]+$/.test(prev)) continue;
        if (t === t.toUpperCase()) continue;
        const key = t.toLowerCase();
        const c = stats.get(key) ?? { lower: 0, upper: 0 };
        if (t === key) c.lower++;
        else c.upper++;
        stats.set(key, c);
      }
    }
  }
  return stats;
}
