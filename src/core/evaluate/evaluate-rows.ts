import type { ConfigRef, PromptEngine } from '../engine.js';
import { ClozeError } from '../errors.js';
import { classificationMetrics, spanMetrics, type ClassMetrics, type SpanMetrics } from './metrics.js';

export type EvalRow = { text: string; label?: string; entities?: { start: number; end: number; type: string }[] };

export type EvaluateResult = { task: 'classify'; n: number; metrics: ClassMetrics; predictions: string[] } | { task: 'ner'; n: number; metrics: SpanMetrics };

/**
 * Scores a config on a few labelled rows through the engine (the same paths as /v1/classify
 * and /v1/ner): classify rows need `label`, NER rows `entities`. Errors name the row.
 */
export async function evaluateRows(engine: PromptEngine, ref: ConfigRef, rows: readonly EvalRow[]): Promise<EvaluateResult> {
  const name = 'name' in ref ? ref.name : undefined;
  const task = 'inline' in ref ? ref.inline.task : (await engine.getConfig(name!))?.config.task;
  if (!task) throw new ClozeError('config_not_found', `no config named "${name}"`, { field: 'config' });
  if (task === 'classify') {
    const labels = rows.map((r, i) => {
      if (r.label === undefined) throw new ClozeError('validation_failed', 'a classify config needs `label` on every row', { field: `rows[${i}].label` });
      return r.label;
    });
    const compiled = await engine.resolve(ref, 'classify');
    labels.forEach((l, i) => {
      if (!compiled.verbalizer.labels.includes(l))
        throw new ClozeError('validation_failed', `label "${l}" is not one of the config's labels (${compiled.verbalizer.labels.join(', ')})`, {
          field: `rows[${i}].label`,
        });
    });
    const predictions = (
      await engine.classify(
        ref,
        rows.map((r) => r.text),
      )
    ).map((r) => r.label);
    return { task, n: rows.length, metrics: classificationMetrics(labels, predictions, compiled.verbalizer.labels), predictions };
  }
  const gold = rows.map((r, i) => {
    if (!r.entities) throw new ClozeError('validation_failed', 'an NER config needs `entities` on every row', { field: `rows[${i}].entities` });
    return r.entities;
  });
  const out = await engine.ner(
    ref,
    rows.map((r) => r.text),
  );
  return {
    task,
    n: rows.length,
    metrics: spanMetrics(
      gold,
      out.map((r) => r.entities),
    ),
  };
}
