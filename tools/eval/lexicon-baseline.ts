import Sentiment from 'sentiment';
import type { LabelledText } from './datasets.js';

/**
 * The word-list baseline a user compares a sentiment classifier with first: the AFINN-165
 * lexicon as npm `sentiment` scores it (word valences summed, with its negation handling).
 * A positive sum is positive, a negative one negative; a text with no lexicon word (sum 0)
 * counts as positive, the majority class of review phrases. Only for positive/negative sets.
 */
export function lexiconAccuracy(rows: readonly LabelledText[]): number | undefined {
  const labels = new Set(rows.map((r) => r.label));
  if (labels.size !== 2 || !labels.has('positive') || !labels.has('negative') || rows.length === 0) return undefined;
  const analyzer = new Sentiment();
  let correct = 0;
  for (const r of rows) if ((analyzer.analyze(r.text).score < 0 ? 'negative' : 'positive') === r.label) correct++;
  return correct / rows.length;
}
