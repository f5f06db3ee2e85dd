import { MemoryConfigStore } from '../src/core/config/config-store.js';
import { PromptEngine } from '../src/core/engine.js';
import { PRESETS } from '../src/core/config/presets.js';
import type { PromptConfig } from '../src/core/config/schema.js';
import type { OrtMaskedLM } from '../src/backend/ort-masked-lm.js';
import { classifyTexts, conllTexts, inWords, pool, words } from './dev-texts.js';
import { SENTIMENT } from './fixtures.js';
import { loadVariant, type Variant } from '../tools/lib/load-variant.js';
import { ms, sideBySide, type Row } from './timing.js';

/**
 * In-process rows on dev-set texts (a fresh text per call, result cache off): classify one by
 * one vs in batches of 16 per length bucket, length-bucketed passes vs one padded pass, ORT
 * session options, and NER on CoNLL sentences.
 */
const BASE: Variant = { runtime: 'node', precision: 'quantized', graph: 'auto', threads: 1 };
const inline = { inline: { task: 'classify' as const, ...SENTIMENT, options: { aggregation: 'sum' as const, calibrate: false } } };
const engineOf = (m: OrtMaskedLM) => new PromptEngine(m, new MemoryConfigStore(), { resultCacheSize: 0 });
const waste = (m: OrtMaskedLM, since: OrtMaskedLM['stats']) => {
  const padded = m.stats.padded - since.padded;
  const tokens = m.stats.tokens - since.tokens;
  return `${((100 * padded) / (padded + tokens)).toFixed(0)}%`;
};

export async function realisticInProcess(quick: boolean, o: { baselineModel?: string } = {}): Promise<Row[]> {
  const rows: Row[] = [];
  const rounds = quick ? 8 : 40;
  const model = await loadVariant(BASE);
  const engine = engineOf(model);
  const all = classifyTexts();
  // --baseline-model: another model folder (e.g. an earlier revision) timed in the same rounds for 20–25 words
  const baseline = o.baselineModel ? engineOf(await loadVariant(BASE, o.baselineModel)) : undefined;

  for (const [min, max] of [
    [1, 9],
    [10, 19],
    [20, 25],
    [26, 60],
  ] as const) {
    const p = pool(`${min}–${max}`, inWords(all, min, max));
    const since = { ...model.stats };
    const single = (e: PromptEngine) => async () => {
      for (let i = 0; i < 4; i++) await e.classify(inline, [p.next()]);
    };
    const fns: Record<string, () => Promise<unknown>> = { single: single(engine), batch: () => engine.classify(inline, p.take(16)) };
    const withBaseline = baseline && min === 20;
    if (withBaseline) Object.assign(fns, { baseSingle: single(baseline), baseBatch: () => baseline.classify(inline, p.take(16)) });
    const t = await sideBySide(fns, { rounds, budgetMs: withBaseline ? 30_000 : 15_000 });
    const one = t.single!.p50 / 4;
    const per = t.batch!.p50 / 16;
    const section = `R1 classify ${min}–${max} words`;
    rows.push({ section, variant: 'one text per call (dev texts, fresh each)', value: `${ms(one)} per text` });
    rows.push({
      section,
      variant: `batches of 16 (${waste(model, since)} padding over both)`,
      value: `${ms(per)} per text`,
      ratio: `${(per / one).toFixed(2)}× one-by-one cost`,
      ...(min === 20 ? { target: 'batch of 16 medium texts ≤ 0.5× per text of one-by-one' } : {}),
    });
    // one call = F (whatever its size: engine call, kernel launches, decoder table) + V per text:
    // one = F + V, a batch of 16 = F + 16 V; the batch ratio (F/16 + V)/(F + V) is ≤ 0.5 iff V ≤ 0.875 F
    const perText = (16 * per - one) / 15;
    rows.push({
      section,
      variant: 'from these two rows: cost per call F, per text V (one = F + V, batch = F + 16 V)',
      value: `F ${ms(one - perText)}, V ${ms(perText)}`,
      ratio: `V/F ${(perText / (one - perText)).toFixed(2)} (0.5× needs ≤ 0.88)`,
    });
    if (withBaseline) {
      const bOne = t.baseSingle!.p50 / 4;
      const bPer = t.baseBatch!.p50 / 16;
      rows.push({
        section,
        variant: `baseline model: one text per call`,
        value: `${ms(bOne)} per text`,
        ratio: `this model ${(bOne / one).toFixed(2)}× faster`,
      });
      rows.push({
        section,
        variant: `baseline model: batches of 16`,
        value: `${ms(bPer)} per text`,
        ratio: `${(bPer / bOne).toFixed(2)}× one-by-one; this model ${(bPer / per).toFixed(2)}× faster`,
      });
    }
  }

  // the real mix of lengths in one batch: length-bucketed passes vs one pass padded to the longest
  const padded = await loadVariant({ ...BASE, passCostTokens: Infinity });
  const mix = pool('mix', all);
  const s0 = { ...model.stats };
  const s1 = { ...padded.stats };
  const paddedEngine = engineOf(padded);
  const m = await sideBySide(
    { padded: () => paddedEngine.classify(inline, mix.take(16)), buckets: () => engine.classify(inline, mix.take(16)) },
    { rounds, budgetMs: 15_000 },
  );
  rows.push({
    section: 'R2 classify 16 mixed dev texts',
    variant: `one padded pass (${waste(padded, s1)} padding)`,
    value: `${ms(m.padded.p50 / 16)} per text`,
  });
  rows.push({
    section: 'R2 classify 16 mixed dev texts',
    variant: `length-bucketed passes (${waste(model, s0)} padding)`,
    value: `${ms(m.buckets.p50 / 16)} per text`,
    ratio: `${(m.padded.p50 / m.buckets.p50).toFixed(2)}× faster`,
  });

  // NER on CoNLL dev sentences of 20–30 words, one per call
  const ner = pool('conll', inWords(conllTexts(), 20, 30));
  const nerEngine = engineOf(model);
  const n0 = { ...model.stats };
  const calls = { n: 0 };
  const nerFns: Record<string, () => Promise<unknown>> = {
    ner: () => {
      calls.n++;
      return nerEngine.ner({ name: 'ner' }, [ner.next()]);
    },
  };
  // the preset without its newswire evidence model (word lists, span rules): what evidence costs
  const preset = PRESETS.get('ner');
  if (preset?.task === 'ner') {
    const plain: PromptConfig = { ...preset, options: { ...preset.options, evidence: false } };
    nerFns.plainNer = () => nerEngine.ner({ inline: plain }, [ner.next()]);
  }
  if (baseline) nerFns.baseNer = () => baseline.ner({ name: 'ner' }, [ner.next()]);
  const t = await sideBySide(nerFns, { rounds: quick ? 15 : 120, budgetMs: baseline ? 40_000 : 20_000 });
  const rowsPer = (model.stats.rows - n0.rows) / calls.n;
  const tokensPer = (model.stats.tokens - n0.tokens) / (model.stats.rows - n0.rows);
  const avgWords = ner.texts.reduce((a, s) => a + words(s), 0) / ner.texts.length;
  rows.push({
    section: `R4 NER CoNLL dev 20–30 words`,
    variant: `one sentence per call (avg ${avgWords.toFixed(0)} words; ${rowsPer.toFixed(1)} prompt rows × ${tokensPer.toFixed(0)} tokens)`,
    value: `p50 ${ms(t.ner!.p50)}, p90 ${ms(t.ner!.p90)}, p99 ${ms(t.ner!.p99)}`,
    target: 'NER p50 ≤ 10 ms on 20–30-word sentences',
  });
  if (t.plainNer) {
    rows.push({
      section: `R4 NER CoNLL dev 20–30 words`,
      variant: 'the same preset without evidence (plain prompts and threshold)',
      value: `p50 ${ms(t.plainNer.p50)}, p90 ${ms(t.plainNer.p90)}, p99 ${ms(t.plainNer.p99)}`,
      ratio: `evidence ${(t.plainNer.p50 / t.ner!.p50).toFixed(2)}× the plain path's speed (p50)`,
    });
  }
  if (baseline) {
    const base = t.baseNer!;
    rows.push({
      section: `R4 NER CoNLL dev 20–30 words`,
      variant: 'baseline model: one sentence per call',
      value: `p50 ${ms(base.p50)}, p90 ${ms(base.p90)}, p99 ${ms(base.p99)}`,
      ratio: `this model ${(base.p50 / t.ner!.p50).toFixed(2)}× faster (p50)`,
    });
  }
  return rows;
}

/** ORT session options side by side on batches of 16 dev texts of 20–25 words. */
export async function ortOptionRows(quick: boolean): Promise<Row[]> {
  const rows: Row[] = [];
  const all = classifyTexts();
  // ORT session options on batches of 16 texts of 20–25 words
  const mid = pool('20–25', inWords(all, 20, 25));
  const variants = {
    'graph opt all (default)': await loadVariant(BASE),
    'graph opt extended': await loadVariant({ ...BASE, graphOptimizationLevel: 'extended' }),
    'graph opt basic': await loadVariant({ ...BASE, graphOptimizationLevel: 'basic' }),
    'all, memory pattern off': await loadVariant({ ...BASE, enableMemPattern: false }),
  };
  const engines = Object.fromEntries(Object.entries(variants).map(([k, v]) => [k, engineOf(v)]));
  const o = await sideBySide(
    Object.fromEntries(Object.keys(variants).map((k) => [k, () => engines[k]!.classify(inline, mid.take(16))])) as Record<string, () => Promise<unknown>>,
    { rounds: quick ? 5 : 20, budgetMs: 20_000 },
  );
  const ref = o['graph opt all (default)']!.p50;
  for (const [k, t] of Object.entries(o))
    rows.push({ section: 'R3 ORT options, 16 × 20–25 words', variant: k, value: `${ms(t.p50 / 16)} per text`, ratio: `${(t.p50 / ref).toFixed(2)}× default` });

  return rows;
}
