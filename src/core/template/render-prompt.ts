import { ClozeError } from '../errors.js';
import type { MaskedRow, TokenizerPort } from '../ports.js';
import type { TemplatePart } from './parse-template.js';
import { LIMITS } from '../limits.js';

/** Tokens of text a prompt keeps at least, when other slots must be shortened to make room. */
const MIN_TEXT_TOKENS = 8;

/** A template whose literal parts are tokenized once, at compile time. */
export type CompiledPart = { kind: 'literal'; ids: number[] } | { kind: 'slot'; name: string } | { kind: 'mask' };

export function compileTemplateParts(parts: TemplatePart[], tokenizer: TokenizerPort): CompiledPart[] {
  return parts.map((p) => (p.kind === 'literal' ? { kind: 'literal', ids: tokenizer.encodePlain(p.text) } : p));
}

export interface RenderedPrompt extends MaskedRow {
  truncated: boolean;
}

/**
 * Builds one prompt row: [CLS] template-with-values [SEP], the mask slot expanded to
 * `maskCount` masks. When the row is longer than `maxLength`, only the slot named
 * `truncatable` (the user's text) is shortened, keeping its head; template words, other
 * slots and the masks are never cut.
 */
export function renderPrompt(
  parts: CompiledPart[],
  values: Record<string, number[]>,
  tokenizer: TokenizerPort,
  options: { maxLength: number; maskCount?: number; truncatable?: string },
): RenderedPrompt {
  const maskCount = options.maskCount ?? 1;
  const truncatable = options.truncatable ?? 'text';
  let base = 2; // [CLS] + [SEP]
  let otherUses = 0;
  for (const p of parts) {
    if (p.kind === 'literal') base += p.ids.length;
    else if (p.kind === 'mask') base += maskCount;
    else if (p.name !== truncatable) otherUses++;
  }
  const slotUses = parts.filter((p) => p.kind === 'slot' && p.name === truncatable).length;
  // Other slots (an NER span) are shortened to LIMITS.slotTokens, and further when they
  // would leave the text no room: a long span is shortened, never fails the request.
  const otherCap =
    otherUses > 0 ? Math.max(1, Math.min(LIMITS.slotTokens, Math.floor((options.maxLength - base - slotUses * MIN_TEXT_TOKENS) / otherUses))) : 0;
  let truncated = false;
  let fixed = base;
  for (const p of parts) {
    if (p.kind !== 'slot' || p.name === truncatable) continue;
    const n = (values[p.name] ?? []).length;
    if (n > otherCap) truncated = true;
    fixed += Math.min(n, otherCap);
  }
  const full = values[truncatable] ?? [];
  let keep = full.length;
  if (fixed + slotUses * full.length > options.maxLength) {
    const budget = slotUses > 0 ? Math.floor((options.maxLength - fixed) / slotUses) : -1;
    if (budget < 1) {
      throw new ClozeError('input_too_long', `the prompt needs ${fixed} tokens without the text, more than the model's ${options.maxLength}`, {
        field: truncatable,
      });
    }
    keep = budget;
    truncated = true;
  }
  const ids: number[] = [tokenizer.clsTokenId];
  const maskPositions: number[] = [];
  for (const p of parts) {
    if (p.kind === 'literal') ids.push(...p.ids);
    else if (p.kind === 'mask') {
      for (let m = 0; m < maskCount; m++) {
        maskPositions.push(ids.length);
        ids.push(tokenizer.maskTokenId);
      }
    } else {
      const v = values[p.name] ?? [];
      ids.push(...(p.name === truncatable ? v.slice(0, keep) : v.slice(0, otherCap)));
    }
  }
  ids.push(tokenizer.sepTokenId);
  return { ids, maskPositions, truncated };
}
