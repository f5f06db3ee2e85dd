import type { CompiledConfig } from '../config/compile-config.js';
import type { MaskedLM } from '../ports.js';
import { noPace, type Pace } from '../pace.js';
import { topK } from '../scoring/top-k.js';
import { scorePrompts, type SlotValues } from '../tasks/score-prompts.js';
import { singleTokenId } from './head.js';

/** Prompts per model call while collecting features: bounds memory (each row is a vocabulary-sized array). */
const CHUNK = 32;
/** Each prompt's most likely words at the mask join the candidate pool of the label-word search. */
const TOP_PER_ROW = 48;
/** Words the model itself relates to each class's label words (knowledgeable expansion) that join the pool. */
const RELATED_PER_CLASS = 32;

/**
 * What the fit step knows about each example prompt: the zero-shot class probabilities and
 * the log-probabilities of a pool of candidate words at the mask (dense, aligned with `pool`).
 */
export interface MaskFeatures {
  classProbs: number[][];
  pool: number[];
  poolWords: string[];
  values: Float32Array[];
}

/**
 * Two passes over the prompts, each in small chunks: the first gathers the candidate pool
 * (every prompt's top words plus the verbalizer's single-token words), the second reads the
 * pool's log-probabilities. Holding only pool columns keeps memory small (a Worker has 128 MB).
 */
export async function collectMaskFeatures(model: MaskedLM, compiled: CompiledConfig, inputs: SlotValues[], pace: Pace = noPace): Promise<MaskFeatures> {
  const tok = model.tokenizer;
  const candidates = new Set<number>();
  for (const w of compiled.verbalizer.words.flat()) if (w.ids.length === 1) candidates.add(w.ids[0]!);
  if (compiled.task === 'classify') for (const id of await relatedWords(model, compiled)) candidates.add(id);
  for (let i = 0; i < inputs.length; i += CHUNK) {
    await pace(CHUNK * model.vocabSize);
    const scores = await scorePrompts(model, compiled, inputs.slice(i, i + CHUNK), true);
    for (const s of scores) for (const t of topK(s.firstMask!, TOP_PER_ROW, tok.specialIds)) candidates.add(t.id);
  }
  const pool: number[] = [];
  const poolWords: string[] = [];
  for (const id of [...candidates].sort((a, b) => a - b)) {
    const word = tok.idToToken(id);
    if (!/^\p{L}[\p{L}'-]*$/u.test(word) || singleTokenId(word, tok) !== id) continue;
    pool.push(id);
    poolWords.push(word);
  }
  const classProbs: number[][] = [];
  const values: Float32Array[] = [];
  for (let i = 0; i < inputs.length; i += CHUNK) {
    await pace(CHUNK * model.vocabSize);
    const scores = await scorePrompts(model, compiled, inputs.slice(i, i + CHUNK), true);
    for (const s of scores) {
      classProbs.push(s.probs);
      values.push(Float32Array.from(pool, (id) => s.firstMask![id]!)); // asked for: needDistribution
    }
  }
  return { classProbs, pool, poolWords, values };
}

/**
 * Label-word expansion from the model's own knowledge (as KPT, knowledgeable prompt-tuning,
 * does with a knowledge base): per class, the words the model predicts in a list after the
 * class's label words ("great, good, and [MASK].") join the candidate pool. Nothing is
 * trusted as is: the label-word search keeps only the words the examples confirm.
 * Classify only (an NER fit asks exactly the prompts recognition asks).
 */
async function relatedWords(model: MaskedLM, compiled: CompiledConfig): Promise<number[]> {
  const tok = model.tokenizer;
  const rows = compiled.verbalizer.words.map((words) => {
    const ids = [
      tok.clsTokenId,
      ...tok.encodePlain(`${words.map((w) => w.word).join(', ')}, and`).slice(0, 48),
      tok.maskTokenId,
      ...tok.encodePlain('.'),
      tok.sepTokenId,
    ];
    return { ids, maskPositions: [ids.indexOf(tok.maskTokenId)] };
  });
  const logits = await model.maskLogits(rows);
  return logits.flatMap((at) => topK(at[0]!, RELATED_PER_CLASS, tok.specialIds).map((t) => t.id));
}
