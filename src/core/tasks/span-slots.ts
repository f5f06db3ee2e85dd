import type { NerConfig } from '../config/schema.js';
import type { TokenizerPort } from '../ports.js';
import type { SpanOptions } from '../spans/propose-spans.js';
import { contextWindow, splitWords } from '../spans/words.js';
import type { SlotValues } from './score-prompts.js';

/** How an NER config's options bound candidate spans: the same for recognize() and the few-shot fit's rows. */
export function spanOptionsOf(o: NerConfig['options']): SpanOptions {
  return { maxWords: o.max_span_words, capitalized: o.capitalized, trimStopwords: o.trim_stopwords, maxSpans: o.max_spans };
}

/**
 * The views of each candidate span an NER config asks about: its own window (`context_words`),
 * then the `context_ensemble` windows (duplicates once); their class probabilities are averaged.
 */
export function spanViews(o: NerConfig['options']): number[] {
  return [...new Set([o.context_words, ...o.context_ensemble])];
}

/**
 * The `{text}` / `{span}` slots of a text's candidate spans: for each span, one prompt per view
 * in `windows` (0 = the whole text, N = N words of context either side of the span). The text
 * is tokenized and split into words once, however many spans and views ask for it.
 */
export function spanSlots(
  tokenizer: TokenizerPort,
  text: string,
  spans: readonly { text: string; start: number; end: number }[],
  windows: readonly number[],
): SlotValues[] {
  const words = windows.some((n) => n > 0) ? splitWords(text) : [];
  const whole = windows.includes(0) ? tokenizer.encodePlain(text) : [];
  return spans.flatMap((span) => {
    const spanIds = tokenizer.encodePlain(span.text);
    return windows.map((n) => {
      if (n <= 0) return { text: whole, span: spanIds };
      const w = contextWindow(text, words, span.start, span.end, n);
      return { text: tokenizer.encodePlain(text.slice(w.start, w.end)), span: spanIds };
    });
  });
}
