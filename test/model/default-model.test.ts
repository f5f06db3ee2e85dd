import { env, pipeline } from '@huggingface/transformers';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadVariant } from '../../tools/lib/load-variant.js';
import type { OrtMaskedLM } from '../../src/backend/ort-masked-lm.js';
import { compileConfig } from '../../src/core/config/compile-config.js';
import { MemoryConfigStore } from '../../src/core/config/config-store.js';
import { PRESETS } from '../../src/core/config/presets.js';
import { PromptEngine } from '../../src/core/engine.js';
import type { MaskedRow } from '../../src/core/ports.js';
import { DEFAULT_MODEL_DIR } from '../../src/runtime/node/model-source.js';
import { defaultModel } from '../support/model.js';

let model: OrtMaskedLM;
let engine: PromptEngine;
beforeAll(async () => {
  model = await defaultModel();
  engine = new PromptEngine(model, new MemoryConfigStore());
});

const argmax = (a: Float32Array): number => a.reduce((best, v, i) => (v > a[best]! ? i : best), 0);
const row = (text: string): MaskedRow => {
  const t = model.tokenizer;
  const [before, after] = text.split('[MASK]');
  const ids = [t.clsTokenId, ...t.encodePlain(before!), t.maskTokenId, ...t.encodePlain(after!), t.sepTokenId];
  return { ids, maskPositions: [ids.indexOf(t.maskTokenId)] };
};
const PROMPTS = ['the capital of france is [MASK].', 'she opened the [MASK] and walked in.', 'the film was [MASK].'];

describe('the embedded default model', () => {
  it('is a Hugging Face-layout BERT with the bert-base-uncased vocabulary', async () => {
    const config = JSON.parse(await readFile(join(DEFAULT_MODEL_DIR, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(config).toMatchObject({ model_type: 'bert', vocab_size: 30522 });
    expect(model.vocabSize).toBe(30522);
    expect(model.tokenizer.idToToken(2307)).toBe('great');
    expect(model.headAtMasksOnly).toBe(true);
  });

  it('compiles the shipped sentiment, topic, question and ner presets', () => {
    expect([...PRESETS.keys()]).toEqual(expect.arrayContaining(['sentiment', 'topic', 'ner', 'question']));
    for (const config of PRESETS.values()) expect(() => compileConfig(config, model)).not.toThrow();
  });

  it('ships int8 graphs only: the masked-head graph gives the numbers of the standard graph at the masks', async () => {
    // fp32 graphs are left out of the repository (each model revision stays under ~30 MB of history)
    await expect(loadVariant({ runtime: 'node', precision: 'fp32', graph: 'full', threads: 1 })).rejects.toThrow();
    const masked = await loadVariant({ runtime: 'node', precision: 'quantized', graph: 'masked', threads: 1 });
    const full = await loadVariant({ runtime: 'node', precision: 'quantized', graph: 'full', threads: 1 });
    for (const p of PROMPTS) {
      const [[a]] = (await masked.maskLogits([row(p)])) as [[Float32Array]];
      const [[b]] = (await full.maskLogits([row(p)])) as [[Float32Array]];
      expect(argmax(a)).toBe(argmax(b));
      for (const id of [0, 1000, 2307, 29999]) expect(a[id]).toBeCloseTo(b[id]!, 1);
    }
  });

  it('loads in onnxruntime-web (WASM) and agrees with native onnxruntime', async () => {
    const wasm = await loadVariant({ runtime: 'wasm', precision: 'quantized', graph: 'auto', threads: 1 });
    for (const p of PROMPTS) {
      const [[a]] = (await wasm.maskLogits([row(p)])) as [[Float32Array]];
      const [[b]] = (await model.maskLogits([row(p)])) as [[Float32Array]];
      expect(argmax(a)).toBe(argmax(b));
    }
  });

  it('decodes only the label words asked for, bit for bit what the whole vocabulary gives, natively and in WASM', async () => {
    const ids = [2919, 2307, 0, 6659, 2307]; // any order, repeats allowed
    const rows = [...PROMPTS, 'a [MASK] day.'].map(row); // mixed lengths: several passes
    const full = await loadVariant({ runtime: 'node', precision: 'quantized', graph: 'full', threads: 1 });
    const wasm = await loadVariant({ runtime: 'wasm', precision: 'quantized', graph: 'auto', threads: 1 });
    expect(model.decodesIdsOnly).toBe(true);
    expect(full.decodesIdsOnly).toBe(false); // the standard graph: picked from its logits
    for (const lm of [model, wasm, full]) {
      const whole = await lm.maskLogits(rows);
      const some = await lm.maskLogits(rows, ids);
      rows.forEach((_, r) => {
        expect(whole[r]![0]!.length).toBe(30522);
        expect(Array.from(some[r]![0]!)).toEqual(ids.map((id) => whole[r]![0]![id]!));
      });
    }
  });

  it('loads in @huggingface/transformers (AutoModelForMaskedLM via the fill-mask pipeline) with the same answers', async () => {
    env.allowRemoteModels = false;
    env.localModelPath = `${join(DEFAULT_MODEL_DIR, '..')}/`;
    const fill = await pipeline('fill-mask', 'cloze-bert-mini', { dtype: 'q8' });
    const int8 = new PromptEngine(await loadVariant({ runtime: 'node', precision: 'quantized', graph: 'full', threads: 1 }), new MemoryConfigStore());
    for (const p of PROMPTS) {
      const theirs = (await fill(p, { top_k: 1 })) as { token: number }[];
      const ours = await int8.fillMask(p, { topK: 1 });
      expect(theirs[0]!.token).toBe(ours[0]![0]!.token_id);
    }
  });

  it("classifies the seed's reviews with the sentiment preset", async () => {
    const [liked, disliked] = await engine.classify({ name: 'sentiment' }, ['I really like the film a lot.', 'this movie makes me very disgusting.']);
    expect(liked!.label).toBe('positive');
    expect(disliked!.label).toBe('negative');
  });

  it('finds the person, the location and the organization in the NER seed', async () => {
    const [ner] = await engine.ner({ name: 'ner' }, ['John went to Paris to visit the University.']);
    expect(ner!.entities).toContainEqual(expect.objectContaining({ text: 'John', type: 'person', start: 0, end: 4 }));
    expect(ner!.entities).toContainEqual(expect.objectContaining({ text: 'Paris', type: 'location', start: 13, end: 18 }));
    expect(ner!.entities).toContainEqual(expect.objectContaining({ text: 'University', type: 'organization', start: 32, end: 42 }));
  });

  it('finds whole names: the README sentence gives two persons, a location and an organization', async () => {
    const [ner] = await engine.ner({ name: 'ner' }, ['Angela Merkel met Emmanuel Macron in Berlin on Tuesday to discuss Airbus and the European Union.']);
    const found = ner!.entities.map((e) => [e.text, e.type]);
    expect(found).toContainEqual(['Angela Merkel', 'person']);
    expect(found).toContainEqual(['Emmanuel Macron', 'person']);
    expect(found).toContainEqual(['Berlin', 'location']);
    expect(found).toContainEqual(['Airbus', 'organization']);
    expect(found.map(([t]) => t)).not.toContain('Tuesday');
    expect(found.map(([t]) => t)).not.toContain('Angela');
  });

  it("answers the seed's fill-mask with a word, not punctuation or a special token", async () => {
    const [preds] = await engine.fillMask('natural language processing is a [MASK] technology.', { topK: 5 });
    expect(preds![0]!.token).toMatch(/^[a-z]{3,}$/);
  });
});
