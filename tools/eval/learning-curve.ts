import { lexiconAccuracy } from './lexicon-baseline.js';
import type { PromptEngine } from '../../src/core/engine.js';
import type { PromptConfig } from '../../src/core/config/schema.js';
import { classificationMetrics, spanMetrics, type ClassMetrics, type SpanMetrics } from '../../src/core/evaluate/metrics.js';
import type { LabelledText, NerSentence } from './datasets.js';
import { expectedCalibrationError } from '../../src/core/scoring/temperature.js';
import { drawPerClass, drawSentences } from './sampling.js';
import { LAYOUTS } from '../../src/core/ner/layout.js';
import { sentenceLayout } from './ner-split.js';

/** One dev set to score: held-apart `test` rows, and a disjoint `train` pool examples are drawn from. */
export type EvalTask =
  | { kind: 'classify'; name: string; configName: string; config: PromptConfig; test: LabelledText[]; train: LabelledText[] }
  | { kind: 'ner'; name: string; configName: string; config: PromptConfig; test: NerSentence[]; train: NerSentence[] };

export interface RunResult {
  shots: number;
  seed: number;
  /** Accuracy (classify) or exact-span F1 (NER). */
  score: number;
  metrics: ClassMetrics | SpanMetrics;
  /** NER: exact-span F1 per newswire layout (prose, headline, table, dateline) of the scored sentences. */
  byLayout?: Record<string, { f1: number; sentences: number; entities: number }>;
  /** Expected calibration error (10 bins) of the winning class's score (classify). */
  ece?: number;
  /** Wall time of the fit step (ms), model passes included. */
  fitMs?: number;
  learned?: { method: string; chosen?: string; features: number; ngrams?: number; temperature?: number; cv?: number; lambda: number };
}

export interface CurvePoint {
  shots: number;
  runs: number;
  mean: number;
  sd: number;
  /** Macro-F1 (classify) or precision/recall (NER) means, for the report. */
  extra: Record<string, number>;
}

export interface CurveResult {
  task: string;
  kind: EvalTask['kind'];
  config: string;
  testRows: number;
  trainPool: number;
  /** Accuracy of the AFINN word list on the same rows (binary sentiment sets only). */
  lexicon?: number;
  points: CurvePoint[];
  runs: RunResult[];
}

/** Rows sent per engine call. */
const BATCH = { classify: 64, ner: 16 } as const;

/** Test rows (or sentences) one run scores: for the progress bar. */
export const runSize = (task: EvalTask): number => task.test.length;

/**
 * The learning curve of one dev set: for every shot count and seed, draw examples from the
 * training pool, fit the config on them through the engine's fit step (as `PUT` does),
 * then score the held-apart rows through the engine. 0 shots is the config as given (one run).
 */
export async function learningCurve(
  engine: PromptEngine,
  task: EvalTask,
  shots: readonly number[],
  seeds: number,
  tick: (rows: number) => void,
  onFitted?: (shots: number, seed: number, config: PromptConfig) => Promise<void>,
): Promise<CurveResult> {
  const runs: RunResult[] = [];
  for (const k of shots) {
    for (let seed = 0; seed < (k === 0 ? 1 : seeds); seed++) {
      const examples = k === 0 ? undefined : task.kind === 'classify' ? drawPerClass(task.train, k, seed) : drawSentences(task.train, k, seed);
      const started = performance.now();
      const config = await engine.fit({ ...task.config, examples, learned: undefined } as PromptConfig);
      const fitMs = Math.round(performance.now() - started);
      if (k > 0) await onFitted?.(k, seed, config);
      runs.push({ shots: k, seed, ...(await score(engine, task, config, tick)), ...(config.learned && { learned: summarize(config.learned), fitMs }) });
    }
  }
  const points = shots.map((k) => {
    const rs = runs.filter((r) => r.shots === k);
    const extra: Record<string, number> =
      task.kind === 'classify'
        ? { macro_f1: mean(rs.map((r) => (r.metrics as ClassMetrics).macroF1)), ece: mean(rs.map((r) => r.ece ?? NaN)) }
        : { precision: mean(rs.map((r) => (r.metrics as SpanMetrics).precision)), recall: mean(rs.map((r) => (r.metrics as SpanMetrics).recall)) };
    return { shots: k, runs: rs.length, mean: mean(rs.map((r) => r.score)), sd: sd(rs.map((r) => r.score)), extra };
  });
  const lexicon = task.kind === 'classify' ? lexiconAccuracy(task.test) : undefined;
  return {
    task: task.name,
    kind: task.kind,
    config: task.configName,
    testRows: task.test.length,
    trainPool: task.train.length,
    ...(lexicon !== undefined && { lexicon }),
    points,
    runs,
  };
}

function summarize(l: NonNullable<PromptConfig['learned']>): RunResult['learned'] {
  const cv = l.fit.cv_accuracy ?? l.fit.cv_f1;
  return {
    method: l.method,
    ...(l.fit.chosen !== undefined && { chosen: l.fit.chosen }),
    features: l.features.length,
    ...(l.ngrams && { ngrams: l.ngrams.length }),
    ...(l.temperature !== undefined && { temperature: l.temperature }),
    lambda: l.fit.lambda,
    ...(cv !== undefined && { cv }),
  };
}

/** Scores the test rows of a task with one (possibly fitted) config. */
export async function score(
  engine: PromptEngine,
  task: EvalTask,
  config: PromptConfig,
  tick: (rows: number) => void,
): Promise<Pick<RunResult, 'score' | 'metrics' | 'byLayout' | 'ece'>> {
  if (task.kind === 'classify') {
    const answers = await inBatches(task.test, BATCH.classify, tick, async (batch) =>
      engine.classify(
        { inline: config },
        batch.map((r) => r.text),
      ),
    );
    const pred = answers.map((r) => r.label);
    const ece = expectedCalibrationError(
      answers.map((r) => r.scores[r.label] ?? 0),
      answers.map((r, i) => r.label === task.test[i]!.label),
    );
    const labels = config.task === 'classify' ? Object.keys(config.verbalizer) : [];
    const metrics = classificationMetrics(
      task.test.map((r) => r.label),
      pred,
      labels,
    );
    return { score: metrics.accuracy, metrics, ece };
  }
  const pred = await inBatches(task.test, BATCH.ner, tick, async (batch) =>
    (
      await engine.ner(
        { inline: config },
        batch.map((s) => s.text),
      )
    ).map((r) => r.entities),
  );
  const metrics = spanMetrics(
    task.test.map((s) => s.entities),
    pred,
  );
  const layouts = task.test.map(sentenceLayout);
  const byLayout = Object.fromEntries(
    LAYOUTS.map((l) => {
      const at = layouts.flatMap((x, i) => (x === l ? [i] : []));
      const m = spanMetrics(
        at.map((i) => task.test[i]!.entities),
        at.map((i) => pred[i]!),
      );
      return [l, { f1: m.f1, sentences: at.length, entities: at.reduce((n, i) => n + task.test[i]!.entities.length, 0) }];
    }),
  );
  return { score: metrics.f1, metrics, byLayout };
}

/** Runs `run` over `items` in slices of `size`, in order, reporting each slice to `tick`; the answers concatenated. */
export async function inBatches<T, R>(items: readonly T[], size: number, tick: (rows: number) => void, run: (batch: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) {
    const batch = items.slice(i, i + size);
    out.push(...(await run(batch)));
    tick(batch.length);
  }
  return out;
}

export const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
export const sd = (xs: readonly number[]): number => {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, v) => a + (v - m) ** 2, 0) / (xs.length - 1));
};
