import { compileConfig, NONE_LABEL, type CompiledConfig } from '../config/compile-config.js';
import { contentHash } from '../config/content-hash.js';
import type { ClassifyConfig, LearnedState, NerConfig, PromptConfig } from '../config/schema.js';
import { ClozeError } from '../errors.js';
import type { MaskedLM } from '../ports.js';
import { argmax } from '../scoring/log-softmax.js';
import { pacer, SLICE_MS, WORK_SLICE, type Pace } from '../pace.js';
import { scopedModel, type RequestScope } from '../request-scope.js';
import { fitTemperature } from '../scoring/temperature.js';
import { classPrior } from '../tasks/score-prompts.js';
import { idsToWords, textGrams } from './text-features.js';
import { CANDIDATES, candidateName, crossValidate, featureBudget, fitCandidate, type Candidate, type FitRows } from './fit-head.js';
import { collectMaskFeatures } from './mask-features.js';
import { f1FromCounts, nerRows, spanCounts, tuneThresholds, type NerRows, type SpanCounts } from './ner-rows.js';
import { beatsWithConfidence, selectCandidate, type UnitScores } from './select-candidate.js';

/** Share of bootstrap resamples on which per-type NER thresholds must beat the config's one. */
const THRESHOLD_CONFIDENCE = 0.95;
/** Most cross-validation folds. */
const MAX_FOLDS = 4;
/** Above this rows × inputs × classes, only the bias is fitted (bounded PUT time). */
const HEAD_WORK_LIMIT = 2_000_000;

/** A model id without the folder it was loaded from (`/x/models/name#graph` → `name#graph`): the same weights on Node and in workerd. */
export const portableModelId = (id: string): string => id.replace(/^.*\/([^/#]+#)/, '$1');

/** The hash of everything a fit depends on: a stored fit is reused only when it matches. */
export function fitKey(config: PromptConfig, modelId: string): string {
  const words = config.task === 'classify' ? config.verbalizer : config.types;
  const templates = config.task === 'classify' && config.templates ? { templates: config.templates } : {};
  return contentHash({
    template: config.template,
    ...templates,
    words,
    options: config.options,
    examples: config.examples ?? [],
    model: portableModelId(modelId),
  });
}

/** The config without examples and learned state: what the zero-shot engine runs. */
export function zeroShotPart(config: PromptConfig): PromptConfig {
  const { examples: _e, learned: _l, ...rest } = config;
  return rest as PromptConfig;
}

/**
 * The fit step: learns from the config's `examples` and returns the config with `learned`
 * set (or unchanged when it has no examples, or its stored fit matches). Cross-validation
 * on the examples chooses among zero-shot, calibration fitted on the examples, and a head
 * over the searched label words with several regularisation strengths; the winner is
 * refitted on all examples. Bad examples are 422 errors naming them.
 */
export async function fitConfig(base: MaskedLM, config: PromptConfig, scope?: RequestScope): Promise<PromptConfig> {
  if (!config.examples || config.examples.length === 0) return config;
  const key = fitKey(config, base.id);
  if (config.learned?.fit.fitted_on === key) return config;
  const model = scopedModel(base, scope);
  const pace = pacer(scope?.signal, SLICE_MS, WORK_SLICE);
  const compiled = compileConfig(zeroShotPart(config), model);
  const learned =
    compiled.task === 'classify'
      ? await fitClassify(model, compiled, config as ClassifyConfig, key, pace)
      : await fitNer(model, compiled, config as NerConfig, key, pace);
  await pace(); // a cut that came during the last slice still stops the fit here
  return { ...config, learned } as PromptConfig;
}

async function fitClassify(model: MaskedLM, compiled: CompiledConfig, config: ClassifyConfig, key: string, pace: Pace): Promise<LearnedState> {
  const labels = compiled.verbalizer.labels;
  const examples = config.examples ?? [];
  const y = examples.map((e, i) => {
    const c = labels.indexOf(e.label);
    if (c < 0)
      throw new ClozeError('validation_failed', `example label "${e.label}" is not one of the verbalizer's labels (${labels.join(', ')})`, {
        field: `examples[${i}].label`,
      });
    return c;
  });
  const inputs = examples.map((e) => ({ text: model.tokenizer.encodePlain(e.text) }));
  const rows: FitRows = {
    classes: labels.length,
    y,
    features: await collectMaskFeatures(model, compiled, inputs, pace),
    ...(config.options.calibrate && { prior: await classPrior(model, compiled) }),
    grams: inputs.map((v) => textGrams(idsToWords(v.text, model.tokenizer))),
  };
  // Stratified folds: the i-th example of each class goes to fold i mod folds.
  const perClass = labels.map((_, c) => y.filter((v) => v === c).length);
  const folds = Math.min(MAX_FOLDS, Math.min(...perClass.filter((n) => n > 0)));
  const seen = new Array<number>(labels.length).fill(0);
  const fold = y.map((c) => seen[c]!++ % Math.max(folds, 1));
  // Units of the paired bootstrap: one per example, [correct, counted].
  const accuracy = (probs: number[][]): UnitScores => ({
    units: y.map((c, r) => (probs[r] ? [argmax(probs[r]) === c ? 1 : 0, 1] : [0, 0])),
    metric: (s) => (s[1]! > 0 ? s[0]! / s[1]! : 0),
  });
  const { learned, oof } = await choose(rows, labels, examples.length, fold, folds, accuracy, key, model.id, 'cv_accuracy', pace);
  // Calibration: the temperature that makes the chosen candidate's out-of-fold scores mean what
  // they say; when zero-shot is kept and the config has its own temperature (a preset's, chosen
  // on hundreds of dev rows), that one is better evidence than a few examples and stays.
  const keepOwn = learned.method === 'zero_shot' && config.options.temperature !== undefined;
  if (oof && !keepOwn) learned.temperature = fitTemperature(oof, y);
  return learned;
}

async function fitNer(model: MaskedLM, compiled: CompiledConfig, config: NerConfig, key: string, pace: Pace): Promise<LearnedState> {
  const labels = compiled.verbalizer.labels;
  if (!labels.includes(NONE_LABEL)) {
    throw new ClozeError('validation_failed', 'fitting an NER config on examples needs `options.none_words` (the "not an entity" class)', {
      field: 'options.none_words',
    });
  }
  const data: NerRows = nerRows(model, config, labels, config.examples ?? []);
  // The head learns from every view's prompt of a candidate (inference applies it to each), and
  // a candidate's probabilities are the mean over its views, as recognize() averages them.
  const views = data.views;
  const perPrompt = <T>(xs: readonly T[]): T[] => xs.flatMap((x) => Array<T>(views).fill(x));
  const perCandidate = (probs: number[][]): number[][] => {
    const out: number[][] = new Array(data.y.length); // holes where crossValidate left them
    data.y.forEach((_, r) => {
      const mean = meanOfViews(probs.slice(r * views, (r + 1) * views));
      if (mean) out[r] = mean;
    });
    return out;
  };
  const rows: FitRows = {
    classes: labels.length,
    y: perPrompt(data.y),
    features: await collectMaskFeatures(model, compiled, data.inputs, pace),
    ...(config.options.calibrate && { prior: await classPrior(model, compiled) }),
  };
  const folds = Math.min(MAX_FOLDS, data.sentences);
  const fold = data.sentence.map((s) => s % Math.max(folds, 1));
  const promptFold = perPrompt(fold);
  const none = labels.indexOf(NONE_LABEL);
  const threshold = config.options.threshold;
  // Per-type thresholds are tuned on the other folds' sentences and scored on the held-out
  // fold (tuning and scoring on the same rows over-fits them at 8-16 sentences); a candidate
  // is scored with or without them, whichever is better.
  const sentencesOut = (f: number) => new Set(Array.from({ length: data.sentences }, (_, s) => s).filter((s) => s % folds !== f));
  const counts = (probs: number[][], tune: boolean): SpanCounts[] => {
    if (!tune) return spanCounts(data, probs, none, () => threshold);
    const th = Array.from({ length: folds }, (_, f) => tuneThresholds(data, probs, none, labels, threshold, sentencesOut(f)));
    return spanCounts(data, probs, none, (t, r) => th[fold[r]!]![labels[t]!] ?? threshold);
  };
  // Units of the paired bootstrap: one per example sentence, [true positives, predicted, gold].
  // Tuned thresholds count only when they beat the config's threshold with confidence: a
  // stricter bar than for a head, as one threshold per type is picked from a grid (at 90 %
  // they were kept in 4 of 5 conll 64-shot draws and lost ~0.5 F1 on held-apart sentences).
  const units = (c: SpanCounts[]): UnitScores => ({
    units: c.map((u) => [u.tp, u.predicted, u.gold]),
    metric: (s) => f1FromCounts(s[0]!, s[1]!, s[2]!),
  });
  const tunedWins = (probs: number[][]) => {
    const plain = units(counts(probs, false));
    const tuned = units(counts(probs, true));
    return { plain, tuned, wins: beatsWithConfidence(tuned, plain, THRESHOLD_CONFIDENCE) };
  };
  const fair = (probs: number[][]): UnitScores => {
    const t = tunedWins(probs);
    return t.wins ? t.tuned : t.plain;
  };
  const chosen = await choose(rows, labels, data.sentences, promptFold, folds, (probs) => fair(perCandidate(probs)), key, model.id, 'cv_f1', pace);
  const learned = chosen.learned;
  if (chosen.oof) {
    const oof = perCandidate(chosen.oof);
    if (tunedWins(oof).wins) learned.thresholds = tuneThresholds(data, oof, none, labels, threshold);
  }
  return learned;
}

/** Mean class probabilities of one candidate's views (absent when its fold was not scored). */
function meanOfViews(views: readonly (number[] | undefined)[]): number[] | undefined {
  const [first] = views;
  if (!first || views.some((v) => !v)) return undefined;
  return first.map((_, c) => views.reduce((sum, v) => sum + v![c]!, 0) / views.length);
}

/**
 * Cross-validates every allowed candidate, keeps the best that beats zero-shot with
 * confidence, and refits it on all rows. `oof`: the chosen candidate's out-of-fold
 * probabilities (absent without folds).
 */
async function choose(
  rows: FitRows,
  labels: readonly string[],
  examples: number,
  fold: readonly number[],
  folds: number,
  score: (probs: number[][]) => UnitScores,
  key: string,
  modelId: string,
  metric: 'cv_accuracy' | 'cv_f1',
  pace: Pace,
): Promise<{ learned: LearnedState; cand: Candidate; oof?: number[][] }> {
  const dim = labels.length + featureBudget(labels.length);
  const allowed = rows.y.length * dim * labels.length > HEAD_WORK_LIMIT ? CANDIDATES.filter((c) => c.method !== 'head') : CANDIDATES;
  const oofs = new Map<Candidate, number[][]>();
  const { results, best } =
    folds >= 2
      ? await selectCandidate(
          allowed.filter((c) => c.gramLambda === undefined || rows.grams),
          async (cand) => {
            const oof = await crossValidate(rows, fold, folds, cand, pace);
            oofs.set(cand, oof);
            return score(oof);
          },
        )
      : { results: [], best: { cand: CANDIDATES[0]!, score: NaN, wins: 0, p: 1 } };
  const all = rows.y.map((_, r) => r);
  const head = await fitCandidate(rows, all, best.cand, pace);
  const words = rows.features.poolWords;
  const learned: LearnedState = {
    method: best.cand.method,
    features: head.cols.map((c) => words[c]!),
    center: head.center.map(round),
    scale: head.scale.map(round),
    weights: head.weights.map((w) => w.map(round)),
    bias: head.bias.map(round),
    ...(head.grams && head.gramWeights && { ngrams: head.grams, ngram_weights: head.gramWeights.map((w) => w.map(round4)) }),
    label_words: Object.fromEntries(
      labels.map((l, c) => [
        l,
        head.evidence[c]!.slice(0, 10).map((e) => ({ word: words[e.col]!, score: round(e.score), mean_in: round(e.meanIn), mean_out: round(e.meanOut) })),
      ]),
    ),
    fit: {
      examples,
      rows: rows.y.length,
      folds: folds >= 2 ? folds : 0,
      lambda: best.cand.lambda,
      chosen: candidateName(best.cand),
      ...(Number.isFinite(best.score) && { [metric]: round(best.score) }),
      candidates: results.map((r) => ({ method: candidateName(r.cand), lambda: r.cand.lambda, score: round(r.score), wins: round(r.wins), p: round(r.p) })),
      model: portableModelId(modelId),
      fitted_on: key,
    },
  };
  const oof = oofs.get(best.cand);
  return { learned, cand: best.cand, ...(oof && { oof }) };
}

/** Four significant digits: n-gram weights are many, and this precision changes no answer. */
const round4 = (v: number): number => Number(v.toPrecision(4));

/** Six significant digits: small JSON, and the stored numbers are exactly what runs. */
export const round = (v: number): number => Number(v.toPrecision(6));
