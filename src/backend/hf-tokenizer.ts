import { Tokenizer } from '@huggingface/tokenizers';
import type { TokenizerPort } from '../core/ports.js';

interface AddedTokenJson {
  id: number;
  content: string;
  special?: boolean;
}

/** Reads a token string from tokenizer_config.json (plain string or AddedToken object). */
function tokenString(value: unknown, fallback: string): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'content' in value && typeof value.content === 'string') return value.content;
  return fallback;
}

/**
 * A Hugging Face `tokenizer.json` tokenizer (via @huggingface/tokenizers, pure JS: runs in
 * Node and in workerd) adapted to the engine's TokenizerPort.
 */
export class HfTokenizer implements TokenizerPort {
  readonly specialIds: ReadonlySet<number>;
  readonly maskTokenId: number;
  readonly clsTokenId: number;
  readonly sepTokenId: number;
  readonly padTokenId: number;
  readonly unkTokenId: number;
  readonly maskToken: string;
  private readonly tokenizer: Tokenizer;
  private readonly specialStrings: string[];

  constructor(tokenizerJson: Record<string, unknown>, tokenizerConfig: Record<string, unknown>) {
    this.tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);
    const added = (tokenizerJson.added_tokens ?? []) as AddedTokenJson[];
    const special = added.filter((t) => t.special);
    this.specialIds = new Set(special.map((t) => t.id));
    this.specialStrings = special.map((t) => t.content).sort((a, b) => b.length - a.length);
    const id = (key: string, fallback: string): { token: string; id: number } => {
      const token = tokenString(tokenizerConfig[key], fallback);
      const tid = this.tokenizer.token_to_id(token);
      if (tid === undefined) throw new Error(`tokenizer has no ${key} "${token}"`);
      return { token, id: tid };
    };
    const mask = id('mask_token', '[MASK]');
    this.maskToken = mask.token;
    this.maskTokenId = mask.id;
    this.clsTokenId = id('cls_token', '[CLS]').id;
    this.sepTokenId = id('sep_token', '[SEP]').id;
    this.padTokenId = id('pad_token', '[PAD]').id;
    this.unkTokenId = id('unk_token', '[UNK]').id;
  }

  encodePlain(text: string): number[] {
    return this.tokenizer.encode(this.neutralize(text), { add_special_tokens: false }).ids;
  }

  idToToken(id: number): string {
    return this.tokenizer.id_to_token(id) ?? `[${id}]`;
  }

  /**
   * Special-token strings inside user text ("[MASK]", "[SEP]"…) must stay text: a space after
   * their first character keeps the tokenizer from matching them, and for WordPiece models
   * gives exactly the tokens the plain string would have had ("[", "mask", "]").
   */
  private neutralize(text: string): string {
    let out = text;
    for (const s of this.specialStrings) {
      if (out.includes(s)) out = out.split(s).join(`${s[0]} ${s.slice(1)}`);
    }
    return out;
  }
}
