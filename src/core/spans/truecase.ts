import { splitWords } from './words.js';

/**
 * Rewrites the all-capital words of a text as a truecaser would, keeping every character
 * offset: a word `isCommon` says is usually lower-case becomes lower-case, any other becomes
 * Capitalized ("LEICESTERSHIRE TAKE OVER" -> "Leicestershire take over"), and so is every word of
 * a known phrase (`isKnownPhrase`: "NEW YORK" -> "New York"). Words with lower-case
 * letters, and words whose case change would alter their length, are left as they are.
 */
export function truecase(text: string, isCommon: (lower: string) => boolean, isKnownPhrase: (lower: string) => boolean = () => false): string {
  let out = '';
  let last = 0;
  const words = splitWords(text);
  const shouted = words.map((w) => w.text === w.text.toUpperCase() && w.text !== w.text.toLowerCase());
  // words inside a known phrase of two or three shouted words ("NEW YORK", "KANSAS CITY") stay capitalized
  const inPhrase = new Set<number>();
  for (let i = 0; i < words.length; i++)
    for (const n of [3, 2])
      if (
        i + n <= words.length &&
        shouted.slice(i, i + n).every(Boolean) &&
        isKnownPhrase(
          words
            .slice(i, i + n)
            .map((w) => w.text.toLowerCase())
            .join(' '),
        )
      )
        for (let k = i; k < i + n; k++) inPhrase.add(k);
  for (const [i, w] of words.entries()) {
    if (!shouted[i]) continue;
    const lower = w.text.toLowerCase();
    // codes with digits ("H1") and lone letters ("'S", "V") are never names' heads
    const lowerIt = /\p{N}/u.test(w.text) || w.text.length === 1 || (isCommon(lower) && !inPhrase.has(i));
    const cased = lowerIt ? lower : w.text[0]! + lower.slice(1);
    if (cased.length !== w.text.length) continue;
    out += text.slice(last, w.start) + cased;
    last = w.end;
  }
  return out + text.slice(last);
}
