import { ClozeError } from '../errors.js';
import type { TokenizerPort } from '../ports.js';

/** Longest label word, in sub-tokens (each needs its own mask). */
export const MAX_SUBTOKENS = 4;

/** A label word as the model sees it mid-sentence: one or more sub-token ids. */
export interface LabelWord {
  word: string;
  ids: number[];
}

export interface CompiledVerbalizer {
  labels: string[];
  /** words[i] are the label words of labels[i]. */
  words: LabelWord[][];
  /** Distinct sub-token counts: one prompt variant (with that many masks) per count. */
  maskCounts: number[];
}

/**
 * Tokenizes every label word with a leading space (mid-sentence form). A word that yields
 * the unknown token, or nothing at all, is rejected with an error naming it — never
 * silently dropped or cut to its first sub-token.
 */
export function compileVerbalizer(
  verbalizer: Record<string, readonly string[]>,
  tokenizer: TokenizerPort,
  field: string | ((label: string, index: number) => string) = 'verbalizer',
): CompiledVerbalizer {
  const fieldOf = typeof field === 'function' ? field : (label: string, i: number) => `${field}.${label}[${i}]`;
  const labels = Object.keys(verbalizer);
  const words = labels.map((label) =>
    (verbalizer[label] ?? []).map((word, i): LabelWord => {
      const where = fieldOf(label, i);
      const ids = tokenizer.encodePlain(` ${word.trim()}`);
      if (ids.length === 0) throw new ClozeError('label_word_empty', `label word "${word}" of "${label}" is empty after tokenization`, { field: where });
      if (ids.includes(tokenizer.unkTokenId)) {
        throw new ClozeError('label_word_unknown', `label word "${word}" of "${label}" is not in the model's vocabulary (it tokenizes to the unknown token)`, {
          field: where,
        });
      }
      if (ids.length > MAX_SUBTOKENS) {
        throw new ClozeError(
          'label_word_too_long',
          `label word "${word}" of "${label}" splits into ${ids.length} sub-tokens; at most ${MAX_SUBTOKENS} are scored`,
          { field: where },
        );
      }
      return { word, ids };
    }),
  );
  const owner = new Map<string, { label: string; word: string }>();
  words.forEach((ws, c) => {
    const label = labels[c]!;
    ws.forEach((w, i) => {
      const key = w.ids.join(',');
      const first = owner.get(key);
      if (first && first.label !== label) {
        // one word scoring for two classes pins both at equal shares: a config mistake
        throw new ClozeError('validation_failed', `label word "${w.word}" of "${label}" is the same word as "${first.word}" of "${first.label}"`, {
          field: fieldOf(label, i),
        });
      }
      if (!first) owner.set(key, { label, word: w.word });
    });
  });
  const maskCounts = [...new Set(words.flat().map((w) => w.ids.length))].sort((a, b) => a - b);
  return { labels, words, maskCounts };
}

type OverOwnIds = { ids: number[]; verbalizer: CompiledVerbalizer };
/** Per compiled verbalizer (kept with its compiled config): derived once, not per request. */
const ownIds = new WeakMap<CompiledVerbalizer, OverOwnIds>();

/**
 * The verbalizer's distinct sub-token ids, and the same verbalizer with every id replaced by
 * its index among them: what scores logits computed over those ids only.
 */
export function overOwnIds(verbalizer: CompiledVerbalizer): OverOwnIds {
  const known = ownIds.get(verbalizer);
  if (known) return known;
  const ids = [...new Set(verbalizer.words.flat().flatMap((w) => w.ids))];
  const at = new Map(ids.map((id, k) => [id, k]));
  const words = verbalizer.words.map((ws) => ws.map((w) => ({ word: w.word, ids: w.ids.map((id) => at.get(id)!) })));
  const out = { ids, verbalizer: { ...verbalizer, words } };
  ownIds.set(verbalizer, out);
  return out;
}
