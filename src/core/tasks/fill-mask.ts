import { ClozeError } from '../errors.js';
import type { MaskedLM } from '../ports.js';
import { logSoftmax } from '../scoring/log-softmax.js';
import { toPredictions, type Prediction } from './classify.js';

export const MAX_MASKS = 16;

export interface FillMaskOptions {
  topK: number;
  /** Restrict predictions to these words (each must be a single vocabulary token). */
  targets?: readonly string[];
}

/** Top-k tokens for each mask written in the text (as the tokenizer's mask string). */
export async function fillMask(model: MaskedLM, text: string, options: FillMaskOptions): Promise<Prediction[][]> {
  const tok = model.tokenizer;
  const pieces = text.split(tok.maskToken);
  const masks = pieces.length - 1;
  if (masks === 0) throw new ClozeError('text_missing_mask', `text must contain at least one ${tok.maskToken}`, { field: 'text' });
  if (masks > MAX_MASKS) throw new ClozeError('too_many_masks', `at most ${MAX_MASKS} ${tok.maskToken} per text, found ${masks}`, { field: 'text' });
  const ids: number[] = [tok.clsTokenId];
  const maskPositions: number[] = [];
  pieces.forEach((piece, i) => {
    ids.push(...tok.encodePlain(piece));
    if (i < masks) {
      maskPositions.push(ids.length);
      ids.push(tok.maskTokenId);
    }
  });
  ids.push(tok.sepTokenId);
  if (ids.length > model.maxLength) {
    throw new ClozeError('input_too_long', `text is ${ids.length} tokens, the model allows ${model.maxLength}`, { field: 'text' });
  }
  const targetIds = options.targets?.map((word, i) => {
    const t = tok.encodePlain(` ${word.trim()}`);
    if (t.length !== 1 || t[0] === tok.unkTokenId) {
      throw new ClozeError('target_word_invalid', `target "${word}" is not a single vocabulary token (it tokenizes to ${t.length} tokens)`, {
        field: `targets[${i}]`,
      });
    }
    return t[0]!;
  });
  targetIds?.forEach((id, i) => {
    const first = targetIds.indexOf(id);
    if (first < i) {
      throw new ClozeError('target_word_invalid', `target "${options.targets![i]}" is the same token as targets[${first}]`, { field: `targets[${i}]` });
    }
  });
  const [rows] = await model.maskLogits([{ ids, maskPositions }]);
  return rows!.map((logits) => {
    const lp = logSoftmax(logits);
    if (!targetIds) return toPredictions(model, lp, options.topK);
    return targetIds
      .map((id) => ({ token: tok.idToToken(id), token_id: id, score: Math.exp(lp[id]!) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, options.topK);
  });
}
