import { NONE_LABEL } from '../config/compile-config.js';
import type { ConfigRef, PromptEngine } from '../engine.js';
import { ClozeError } from '../errors.js';
import type { RequestScope } from '../request-scope.js';
import { classificationMetrics, spanMetrics, type ClassMetrics, type SpanMetrics } from './metrics.js';

export type EvalRow = { text: string; label?: string; entities?: { start: number; end: number; type: string }[] };

export type EvaluateResult = { task: 'classify'; n: number; metrics: ClassMetrics; predictions: string[] } | { task: 'ner'; n: number; metrics: SpanMetrics };

/**
 * Scores a config on a few labelled rows through the engine (the same paths as /v1/classify
 * and /v1/ner): classify rows need `label`, NER rows `entities`. Errors name the row.
 */
export async function evaluateRows(engine: PromptEngine, ref: ConfigRef, rows: readonly EvalRow[], scope?: RequestScope): Promise<EvaluateResult> {
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
        {},
        scope,
      )
    ).map((r) => r.label);
    return { task, n: rows.length, metrics: classificationMetrics(labels, predictions, compiled.verbalizer.labels), predictions };
  }
  const gold = rows.map((r, i) => {
    if (!r.entities) throw new ClozeError('validation_failed', 'an NER config needs `entities` on every row', { field: `rows[${i}].entities` });
    return r.entities;
  });
  const compiled = await engine.resolve(ref, 'ner');
  const types = compiled.verbalizer.labels.filter((l) => l !== NONE_LABEL);
  gold.forEach((entities, i) => {
    const text = rows[i]!.text;
    entities.forEach((e, j) => {
      const field = `rows[${i}].entities[${j}]`;
      if (e.start >= e.end || e.end > text.length) {
        throw new ClozeError('validation_failed', `entity [${e.start}, ${e.end}) is not a span of the row's ${text.length}-character text`, {
          field: `${field}.end`,
        });
      }
      if (!types.includes(e.type)) {
        throw new ClozeError('validation_failed', `entity type "${e.type}" is not one of the config's types (${types.join(', ')})`, { field: `${field}.type` });
      }
    });
  });
  const out = await engine.ner(
    ref,
    rows.map((r) => r.text),
    scope,
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
