import { env, pipeline } from '@huggingface/transformers';
import { dirname, basename } from 'node:path';

/**
 * The seed's method, implemented faithfully with @huggingface/transformers: run the
 * fill-mask pipeline on the templated text over the full vocabulary (top_k = vocab size,
 * i.e. a full sort), then look the verbalizer's label words up in that list and sum their
 * probabilities per class, normalized across classes.
 */
export async function seedClassifier(modelDir: string, dtype: 'q8' | 'fp32') {
  env.allowRemoteModels = false;
  env.localModelPath = `${dirname(modelDir)}/`;
  const fill = await pipeline('fill-mask', basename(modelDir), { dtype });
  return async (text: string, template: string, verbalizer: Record<string, string[]>, vocabSize: number) => {
    const out = (await fill(template.replace('{text}', text), { top_k: vocabSize })) as { token_str: string; score: number }[];
    const byWord = new Map(out.map((o) => [o.token_str, o.score]));
    const scores = Object.entries(verbalizer).map(([label, words]) => [label, words.reduce((s, w) => s + (byWord.get(w) ?? 0), 0)] as const);
    const total = scores.reduce((s, [, v]) => s + v, 0);
    return Object.fromEntries(scores.map(([l, v]) => [l, v / total]));
  };
}
