import type { CompiledConfig } from '../src/core/config/compile-config.js';
import { MemoryConfigStore } from '../src/core/config/config-store.js';
import { PromptEngine } from '../src/core/engine.js';
import type { MaskedLM } from '../src/core/ports.js';
import { proposeSpans } from '../src/core/spans/propose-spans.js';
import { scorePrompts } from '../src/core/tasks/score-prompts.js';
import { DEFAULT_MODEL_DIR } from '../src/runtime/node/model-source.js';
import { NER_SENTENCES, SENTENCES, SENTIMENT } from './fixtures.js';
import { loadVariant, type Variant } from '../tools/lib/load-variant.js';
import { seedClassifier } from './seed-method.js';
import { ms, time, times, type Row, type Timing } from './timing.js';

const BASE: Variant = { runtime: 'node', precision: 'quantized', graph: 'auto', threads: 1 };
const uncached = (m: MaskedLM) => new PromptEngine(m, new MemoryConfigStore(), { resultCacheSize: 0 });
const inline = { inline: { task: 'classify' as const, ...SENTIMENT, options: { aggregation: 'sum' as const, calibrate: false } } };

let i = 0;
const nextSentence = () => SENTENCES[i++ % SENTENCES.length]!;

async function classifyTiming(model: MaskedLM, iterations: number): Promise<Timing> {
  const engine = uncached(model);
  return time(() => engine.classify(inline, [nextSentence()]), { iterations, budgetMs: 8_000 });
}

async function nerTiming(model: MaskedLM, iterations: number): Promise<Timing> {
  const engine = uncached(model);
  let k = 0;
  return time(() => engine.ner({ name: 'ner' }, [NER_SENTENCES[k++ % NER_SENTENCES.length]!]), { iterations, budgetMs: 10_000 });
}

export async function inProcess(quick: boolean): Promise<Row[]> {
  const n = quick ? 30 : 200;
  const rows: Row[] = [];
  const base = await loadVariant(BASE);

  // 1. classify: engine vs the seed's method (transformers.js fill-mask over the full vocabulary)
  const engineClassify = await classifyTiming(base, n);
  const seed = await seedClassifier(DEFAULT_MODEL_DIR, 'q8');
  const seedTiming = await time(() => seed(nextSentence(), SENTIMENT.template, SENTIMENT.verbalizer, base.vocabSize), {
    iterations: Math.ceil(n / 4),
    budgetMs: 10_000,
  });
  rows.push({ section: '1 classify (1 sentence)', variant: 'seed: transformers.js fill-mask, full vocab sorted', value: `p50 ${ms(seedTiming.p50)}` });
  rows.push({
    section: '1 classify (1 sentence)',
    variant: 'engine (int8, head at mask, verbalizer-only)',
    value: `p50 ${ms(engineClassify.p50)} / p90 ${ms(engineClassify.p90)}`,
    ratio: `${times(seedTiming.p50, engineClassify.p50)} faster than seed`,
  });

  // 2. NER on 20–30-word sentences: batched span prompts vs one call per span
  const engineNer = await nerTiming(base, quick ? 10 : 40);
  const compiled = (await uncached(base).resolve({ name: 'ner' }, 'ner')) as CompiledConfig;
  let k = 0;
  const perSpan = await time(
    async () => {
      const text = NER_SENTENCES[k++ % NER_SENTENCES.length]!;
      const textIds = base.tokenizer.encodePlain(text);
      for (const span of proposeSpans(text, { maxWords: 3, capitalized: true, trimStopwords: true, maxSpans: 64 }).spans) {
        await scorePrompts(base, compiled, [{ text: textIds, span: base.tokenizer.encodePlain(span.text) }]);
      }
    },
    { iterations: quick ? 5 : 20, budgetMs: 10_000 },
  );
  // the seed's NER: one transformers.js fill-mask call (full graph, whole vocabulary sorted) per span
  const seedNer = await time(
    async () => {
      const text = NER_SENTENCES[0]!;
      for (const span of proposeSpans(text, { maxWords: 3, capitalized: true, trimStopwords: true, maxSpans: 64 }).spans) {
        await seed(`${text} ${span.text}`, '{text} is a type of [MASK].', { person: ['person'], location: ['city'] }, base.vocabSize);
      }
    },
    { warmup: 0, iterations: quick ? 1 : 3 },
  );
  const firstNer = await time(() => uncached(base).ner({ name: 'ner' }, [NER_SENTENCES[0]!]), { iterations: quick ? 5 : 20 });
  rows.push({ section: '2 NER (20–30 words)', variant: 'seed: transformers.js fill-mask per span (sentence 1)', value: `p50 ${ms(seedNer.p50)}` });
  rows.push({
    section: '2 NER (20–30 words)',
    variant: 'engine, batched (sentence 1)',
    value: `p50 ${ms(firstNer.p50)}`,
    ratio: `${times(seedNer.p50, firstNer.p50)} faster than seed`,
  });
  const spans = NER_SENTENCES.map((t) => proposeSpans(t, { maxWords: 3, capitalized: true, trimStopwords: true, maxSpans: 64 }).spans.length);
  rows.push({
    section: '2 NER (20–30 words)',
    variant: `engine, one call per span (${Math.min(...spans)}–${Math.max(...spans)} spans)`,
    value: `p50 ${ms(perSpan.p50)}`,
  });
  rows.push({
    section: '2 NER (20–30 words)',
    variant: 'engine, batched span prompts',
    value: `p50 ${ms(engineNer.p50)}`,
    ratio: `${times(perSpan.p50, engineNer.p50)} faster than per span`,
  });

  // 3. native vs WASM, same model file and threads
  for (const threads of [1]) {
    const wasm = await loadVariant({ ...BASE, runtime: 'wasm', threads });
    const w = await classifyTiming(wasm, n);
    const wn = await nerTiming(wasm, quick ? 5 : 20);
    rows.push({
      section: '3 runtime (classify)',
      variant: `onnxruntime-web WASM, ${threads} thread`,
      value: `p50 ${ms(w.p50)}`,
      ratio: `${(w.p50 / engineClassify.p50).toFixed(2)}× native time`,
    });
    rows.push({
      section: '3 runtime (NER)',
      variant: `onnxruntime-web WASM, ${threads} thread`,
      value: `p50 ${ms(wn.p50)}`,
      ratio: `${(wn.p50 / engineNer.p50).toFixed(2)}× native time`,
    });
  }

  // Optimizations, before/after
  const full = await loadVariant({ ...BASE, graph: 'full' });
  const fullClassify = await classifyTiming(full, n);
  const fullNer = await nerTiming(full, quick ? 10 : 40);
  rows.push({
    section: 'opt: MLM head at masks only',
    variant: 'classify: full graph → masked graph',
    value: `${ms(fullClassify.p50)} → ${ms(engineClassify.p50)}`,
    ratio: times(fullClassify.p50, engineClassify.p50),
  });
  rows.push({
    section: 'opt: MLM head at masks only',
    variant: 'NER: full graph → masked graph',
    value: `${ms(fullNer.p50)} → ${ms(engineNer.p50)}`,
    ratio: times(fullNer.p50, engineNer.p50),
  });

  const sentiment = (await uncached(base).resolve(inline, 'classify')) as CompiledConfig;
  const batch16 = SENTENCES.concat(SENTENCES).map((t) => ({ text: base.tokenizer.encodePlain(t) }));
  const withSoftmax = await time(() => scorePrompts(base, sentiment, batch16, true), { iterations: quick ? 10 : 40 });
  const verbOnly = await time(() => scorePrompts(base, sentiment, batch16, false), { iterations: quick ? 10 : 40 });
  rows.push({
    section: 'opt: verbalizer-only scoring',
    variant: '16 texts: full-vocab softmax → label words only',
    value: `${ms(withSoftmax.p50)} → ${ms(verbOnly.p50)}`,
    ratio: times(withSoftmax.p50, verbOnly.p50),
  });

  const cachedEngine = new PromptEngine(base, new MemoryConfigStore());
  await cachedEngine.classify(inline, [SENTENCES[0]!]);
  const hit = await time(() => cachedEngine.classify(inline, [SENTENCES[0]!]), { iterations: n });
  rows.push({
    section: 'opt: result LRU cache',
    variant: 'classify: miss → hit',
    value: `${ms(engineClassify.p50)} → ${ms(hit.p50)}`,
    ratio: times(engineClassify.p50, hit.p50),
  });

  // The embedded model ships int8 graphs only; with a model folder that has fp32 graphs too
  // (CLOZE_MODEL=…), this row compares them.
  const fp32 = await loadVariant({ ...BASE, precision: 'fp32' }).catch(() => undefined);
  if (fp32) {
    const fp32Classify = await classifyTiming(fp32, n);
    rows.push({
      section: 'opt: int8 vs fp32',
      variant: 'classify: fp32 → int8 (both masked graph)',
      value: `${ms(fp32Classify.p50)} → ${ms(engineClassify.p50)}`,
      ratio: times(fp32Classify.p50, engineClassify.p50),
    });
  }

  for (const m of [base, await loadVariant({ ...BASE, threads: 2 })]) {
    const engine = uncached(m);
    const t = await time(() => engine.classify(inline, SENTENCES.concat(SENTENCES)), { iterations: quick ? 10 : 30 });
    rows.push({ section: 'opt: threads', variant: `classify 16 texts, ${m === base ? 1 : 2} intra-op thread(s)`, value: `p50 ${ms(t.p50)}` });
  }
  return rows;
}
