import type { MaskedLM, MaskedRow, TokenizerPort } from '../../src/core/ports.js';

const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const WORDS = [
  'good',
  'bad',
  'great',
  'terrible',
  'film',
  'it',
  'was',
  'the',
  'of',
  'is',
  'type',
  'person',
  'city',
  'all',
  'in',
  'and',
  'mask',
  'token',
  'paris',
  'ok',
  'thing',
  'lo',
  '##vable',
  'un',
  '##watch',
  '##able',
];
const PUNCTUATION = ['.', ',', '/', '[', ']', '!', '?', ':', "'", '-'];
const CHARS = [...'abcdefghijklmnopqrstuvwxyz0123456789'];

/**
 * The fake model's vocabulary, in id order: special tokens, a few whole words and
 * sub-words, punctuation, then every letter and digit both word-initial and as a `##`
 * continuation, so any ASCII word tokenizes (into letters at worst) and only other
 * characters (☃, emoji) give [UNK].
 */
export const FAKE_VOCAB: readonly string[] = [...new Set([...SPECIALS, ...WORDS, ...PUNCTUATION, ...CHARS, ...CHARS.map((c) => `##${c}`)])];

/**
 * A WordPiece tokenizer over FAKE_VOCAB that behaves like the real one where the engine
 * cares: lower-cases, splits punctuation off, greedy longest-match sub-words, a word with an
 * unknown character becomes one [UNK], special-token strings in text stay plain text.
 */
export class FakeTokenizer implements TokenizerPort {
  private readonly ids = new Map(FAKE_VOCAB.map((t, i) => [t, i]));
  readonly padTokenId = this.idOf('[PAD]');
  readonly unkTokenId = this.idOf('[UNK]');
  readonly clsTokenId = this.idOf('[CLS]');
  readonly sepTokenId = this.idOf('[SEP]');
  readonly maskTokenId = this.idOf('[MASK]');
  readonly maskToken = '[MASK]';
  readonly specialIds: ReadonlySet<number> = new Set(SPECIALS.map((t) => this.idOf(t)));

  idOf(token: string): number {
    const id = this.ids.get(token);
    if (id === undefined) throw new Error(`"${token}" is not in the fake vocabulary`);
    return id;
  }

  idToToken(id: number): string {
    return FAKE_VOCAB[id] ?? '[UNK]';
  }

  encodePlain(text: string): number[] {
    const words = text.toLowerCase().match(/[a-z0-9]+|[^\sa-z0-9]/g) ?? [];
    return words.flatMap((w) => this.wordPiece(w));
  }

  private wordPiece(word: string): number[] {
    const out: number[] = [];
    for (let start = 0; start < word.length; ) {
      let end = word.length;
      let id: number | undefined;
      for (; end > start; end--) {
        id = this.ids.get(`${start > 0 ? '##' : ''}${word.slice(start, end)}`);
        if (id !== undefined) break;
      }
      if (id === undefined) return [this.unkTokenId];
      out.push(id);
      start = end;
    }
    return out;
  }
}

/**
 * A deterministic MaskedLM over FakeTokenizer with fixed logits: at every mask of a row, the
 * logit of token v is the number of times v occurs in the row's plain (non-special) tokens,
 * and 0 for any other token. So with template `{text} It was [MASK].` and the words `good`
 * vs `bad`, the text "good film" gives P(good) / P(bad) = e¹ / e⁰ exactly.
 *
 * `calls` records every call's rows; `hold()` makes passes wait until the returned release
 * function is called, so tests decide when a pass ends instead of relying on timing.
 */
export class FakeMaskedLM implements MaskedLM {
  readonly id = 'fake-lm';
  readonly tokenizer = new FakeTokenizer();
  readonly vocabSize = FAKE_VOCAB.length;
  readonly calls: MaskedRow[][] = [];
  /** The `vocabIds` of every call (undefined: the whole vocabulary). */
  readonly vocabIdCalls: (readonly number[] | undefined)[] = [];
  private gate: Promise<void> | undefined;

  constructor(readonly maxLength = 128) {}

  hold(): () => void {
    let release!: () => void;
    this.gate = new Promise((resolve) => (release = resolve));
    return () => {
      this.gate = undefined;
      release();
    };
  }

  async maskLogits(rows: MaskedRow[], vocabIds?: readonly number[]): Promise<Float32Array[][]> {
    this.calls.push(rows);
    this.vocabIdCalls.push(vocabIds);
    await this.gate;
    return rows.map((row) => {
      const logits = new Float32Array(this.vocabSize);
      for (const id of row.ids) if (!this.tokenizer.specialIds.has(id)) logits[id]! += 1;
      return row.maskPositions.map(() => (vocabIds ? Float32Array.from(vocabIds, (id) => logits[id]!) : Float32Array.from(logits)));
    });
  }
}
