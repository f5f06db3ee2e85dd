import { parseArgs } from 'node:util';
import { MemoryConfigStore } from '../../src/core/config/config-store.js';
import { PRESETS } from '../../src/core/config/presets.js';
import type { ClassifyConfig } from '../../src/core/config/schema.js';
import { PromptEngine } from '../../src/core/engine.js';
import { softmax } from '../../src/core/scoring/log-softmax.js';
import { DEFAULT_TEMPERATURE, expectedCalibrationError, fitTemperature, GRID, temper } from '../../src/core/scoring/temperature.js';
import { loadNodeModel, modelOptionsFromEnv } from '../../src/runtime/node/load-model.js';
import { classifySplit } from './dev-sets.js';
import type { LabelledText } from './datasets.js';
import { inBatches } from './learning-curve.js';
import { tunePart } from './sampling.js';

/**
 * `npx tsx tools/eval/calibrate-presets.ts`: how the presets' temperatures were chosen. For
 * each classify preset with a dev set, scores the TUNING part of the set (the training pool's
 * last rows, never the held-apart part) at temperature 1, fits the temperature that
 * minimises the negative log-likelihood, and prints the expected calibration error (10
 * bins) before and after on the tuning part and on the held-apart part. The temperatures
 * are written into src/core/config/presets.ts by hand; DEFAULT_TEMPERATURE is about their
 * median. `--rows N` per part (default 600), `--only sst2,agnews,trec`.
 */
const { values } = parseArgs({ options: { rows: { type: 'string', default: '600' }, only: { type: 'string', default: 'sst2,agnews,trec' } } });
const rows = Number(values.rows);
const engine = new PromptEngine(await loadNodeModel(modelOptionsFromEnv()), new MemoryConfigStore(), { resultCacheSize: 0 });

async function rawScores(config: ClassifyConfig, data: LabelledText[]): Promise<{ probs: number[][]; y: number[] }> {
  const labels = Object.keys(config.verbalizer);
  const untempered: ClassifyConfig = { ...config, options: { ...config.options, temperature: 1 } };
  const answers = await inBatches(
    data,
    64,
    () => undefined,
    (batch) =>
      engine.classify(
        { inline: untempered },
        batch.map((r) => r.text),
      ),
  );
  return { probs: answers.map((a) => labels.map((l) => a.scores[l] ?? 0)), y: data.map((r) => labels.indexOf(r.label)) };
}

/**
 * Vector scaling (Platt scaling's multi-class form, Guo et al. 2017): a temperature and a
 * per-class shift of the logits, chosen together by minimum negative log-likelihood (for
 * each temperature of the grid, the shift by Newton-free gradient descent). For presets,
 * compared with temperature alone on the tuning part (presets keep temperature alone where
 * it calibrates the tuning part better). The shift is rounded and centred (sums to 0).
 */
function fitScaling(probs: readonly (readonly number[])[], y: readonly number[]): { temperature: number; bias: number[] } {
  const classes = probs[0]?.length ?? 0;
  const logp = probs.map((p) => p.map((v) => Math.log(Math.max(v, 1e-30))));
  let best = { temperature: 1, bias: new Array<number>(classes).fill(0), nll: Infinity };
  for (const t of GRID) {
    const bias = new Array<number>(classes).fill(0);
    let nll = 0;
    for (let it = 0; it < 200; it++) {
      const grad = new Array<number>(classes).fill(0);
      nll = 0;
      logp.forEach((row, i) => {
        const p = softmax(row.map((v, c) => v / t + bias[c]!));
        nll -= Math.log(Math.max(p[y[i]!]!, 1e-30));
        p.forEach((q, c) => {
          grad[c]! += (q - (c === y[i] ? 1 : 0)) / logp.length;
        });
      });
      grad.forEach((g, c) => {
        bias[c]! -= 2 * g;
      });
    }
    if (nll < best.nll - 1e-9) best = { temperature: t, bias, nll };
  }
  const mean = best.bias.reduce((a, b) => a + b, 0) / Math.max(classes, 1);
  return { temperature: Number(best.temperature.toPrecision(4)), bias: best.bias.map((b) => Number((b - mean).toFixed(3))) };
}

const ece = (probs: number[][], y: number[], t: number, bias?: number[]): number => {
  const tempered = probs.map((p) => temper(p, t, bias));
  return expectedCalibrationError(
    tempered.map((p) => Math.max(...p)),
    tempered.map((p, i) => p.indexOf(Math.max(...p)) === y[i]),
  );
};

console.log(
  '| dev set | preset | T | ECE tune T=1 | ECE tune T | ECE held T=1 | ECE held default T | ECE held T | T, bias (vector scaling) | ECE tune | ECE held |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const name of values.only!.split(',')) {
  const { set, test, train } = await classifySplit(name);
  const config = PRESETS.get(set.preset);
  if (config?.task !== 'classify') continue;
  const tune = await rawScores(config, tunePart(train, rows).test);
  const held = await rawScores(config, test.slice(0, rows));
  const t = fitTemperature(tune.probs, tune.y);
  const cells = [
    ece(tune.probs, tune.y, 1),
    ece(tune.probs, tune.y, t),
    ece(held.probs, held.y, 1),
    ece(held.probs, held.y, DEFAULT_TEMPERATURE),
    ece(held.probs, held.y, t),
  ];
  const v = fitScaling(tune.probs, tune.y);
  const vector = [ece(tune.probs, tune.y, v.temperature, v.bias), ece(held.probs, held.y, v.temperature, v.bias)];
  const f = (xs: number[]) => xs.map((x) => x.toFixed(3)).join(' | ');
  console.log(`| ${name} | ${set.preset} | ${t} | ${f(cells)} | ${v.temperature}, [${v.bias.join(', ')}] | ${f(vector)} |`);
}
