import { ClozeError } from '../errors.js';
import type { TokenizerPort } from '../ports.js';
import type { LearnedState } from '../config/schema.js';
import { softmax } from '../scoring/log-softmax.js';
import { gramValue } from './logistic.js';
import { gramCols } from './text-features.js';

/**
 * A fitted linear head over the mask's distribution, compiled to token ids. Input features
 * are the verbalizer's class log-probabilities followed by the log-probabilities of
 * `featureIds` at the (first) mask; scores are softmax(W · ((x − center) / scale) + bias).
 */
export interface CompiledHead {
  featureIds: number[];
  center: number[];
  scale: number[];
  weights: number[][];
  bias: number[];
  /** Text n-gram → column of `gramWeights` (learned.ngrams), when the head reads the text's n-grams. */
  grams?: ReadonlyMap<string, number>;
  gramWeights?: number[][];
}

/** log P(class) is floored so a class with probability 0 still gives a finite feature. */
const LOG_FLOOR = Math.log(1e-12);

/** The head's input vector for one prompt. */
export function headInput(classProbs: readonly number[], firstMask: Float32Array | readonly number[], featureIds: readonly number[]): number[] {
  const x = classProbs.map((p) => Math.max(Math.log(p), LOG_FLOOR));
  for (const id of featureIds) x.push(firstMask[id]!);
  return x;
}

/** What a head's n-gram weights add to each class's logit for a text whose grams hit `cols`. */
export function gramLogits(gramWeights: readonly (readonly number[])[], cols: readonly number[]): number[] {
  const v = gramValue(cols.length);
  return gramWeights.map((w) => cols.reduce((s, c) => s + v * w[c]!, 0));
}

/** Class logits of the head for an input vector from `headInput`. */
export function headLogits(head: Pick<CompiledHead, 'center' | 'scale' | 'weights' | 'bias'>, x: readonly number[]): number[] {
  const z = x.map((v, j) => (v - head.center[j]!) / head.scale[j]!);
  return head.weights.map((w, c) => {
    let s = head.bias[c]!;
    for (let j = 0; j < z.length; j++) s += w[j]! * z[j]!;
    return s;
  });
}

/** Class probabilities of the head; `grams` are the text's n-grams (textGrams), read when the head has n-gram weights. */
export function applyHead(head: CompiledHead, classProbs: readonly number[], firstMask: Float32Array, grams?: readonly string[]): number[] {
  const logits = headLogits(head, headInput(classProbs, firstMask, head.featureIds));
  if (!head.grams || !head.gramWeights || !grams) return softmax(logits);
  const add = gramLogits(head.gramWeights, gramCols(grams, head.grams));
  return softmax(logits.map((v, c) => v + add[c]!));
}

/** A feature word as one vocabulary id (mid-sentence form), or undefined when it is not one token. */
export function singleTokenId(word: string, tokenizer: TokenizerPort): number | undefined {
  const ids = tokenizer.encodePlain(` ${word}`);
  return ids.length === 1 && ids[0] !== tokenizer.unkTokenId ? ids[0] : undefined;
}

/**
 * Checks learned state against the compiled verbalizer and tokenizer; undefined when the
 * learned method needs no head (zero-shot). Errors name the `learned.*` field.
 */
export function compileHead(learned: LearnedState, labels: readonly string[], tokenizer: TokenizerPort): CompiledHead | undefined {
  if (learned.method === 'zero_shot') return undefined;
  const featureIds = learned.features.map((word, i) => {
    const id = singleTokenId(word, tokenizer);
    if (id === undefined)
      throw new ClozeError('validation_failed', `learned feature "${word}" is not a single vocabulary token of this model`, {
        field: `learned.features[${i}]`,
      });
    return id;
  });
  const dim = labels.length + featureIds.length;
  const bad = (field: string, what: string) => new ClozeError('validation_failed', `learned.${field} must have ${what}`, { field: `learned.${field}` });
  if (learned.center.length !== dim) throw bad('center', `${dim} entries`);
  if (learned.scale.length !== dim || learned.scale.some((s) => s <= 0)) throw bad('scale', `${dim} positive entries`);
  if (learned.weights.length !== labels.length || learned.weights.some((w) => w.length !== dim)) throw bad('weights', `${labels.length} rows of ${dim}`);
  if (learned.bias.length !== labels.length) throw bad('bias', `${labels.length} entries`);
  const grams = learned.ngrams ?? [];
  const gramWeights = learned.ngram_weights ?? [];
  if (gramWeights.length !== (grams.length > 0 ? labels.length : 0) || gramWeights.some((w) => w.length !== grams.length))
    throw bad('ngram_weights', `${grams.length > 0 ? labels.length : 0} rows of ${grams.length}`);
  return {
    featureIds,
    center: learned.center,
    scale: learned.scale,
    weights: learned.weights,
    bias: learned.bias,
    ...(grams.length > 0 && { grams: new Map(grams.map((g, i) => [g, i])), gramWeights }),
  };
}
