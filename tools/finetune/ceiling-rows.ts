import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MemoryConfigStore } from '../../src/core/config/config-store.js';
import { compileConfig, type CompiledClassify } from '../../src/core/config/compile-config.js';
import { PRESETS } from '../../src/core/config/presets.js';
import type { ClassifyConfig } from '../../src/core/config/schema.js';
import { PromptEngine } from '../../src/core/engine.js';
import { CONTENT_FREE } from '../../src/core/tasks/score-prompts.js';
import { renderPrompt } from '../../src/core/template/render-prompt.js';
import { loadNodeModel, modelOptionsFromEnv } from '../../src/runtime/node/load-model.js';
import type { LabelledText } from '../eval/datasets.js';
import { classifySplit } from '../eval/dev-sets.js';
import { drawPerClass } from '../eval/sampling.js';

/**
 * `npx tsx tools/finetune/ceiling-rows.ts --out DIR [--sets sst2,agnews] [--shots 16,64]
 * [--draws 5] [--limit N]`: what tools/finetune/ceiling.py measures on, one `DIR/<set>.json`
 * per classify dev set (tools/eval/dev-sets.ts), scored with its preset:
 * - `test` and `pool`: the held-apart rows and the training pool (splitHeldApart), each as the
 *   prompt the engine renders for it (token ids, mask position) and its class index;
 * - `contentFree`: the prompts of calibration's content-free inputs ("N/A" and ""), when the
 *   preset calibrates;
 * - `draws["k-seed"]`: the pool indices of drawPerClass(pool, k, seed), seeds 0 … draws-1;
 * - `engine`: the shipped engine's zero-shot class probabilities on the test rows, for the
 *   check that ceiling.py's torch model answers as the engine does;
 * and `DIR/pool-configs/<set>.json`: the preset with every pool row as an example, for
 * fine-tuning on the whole pool (`finetune.py --config DIR/pool-configs/<set>.json`; more
 * examples than a stored config may carry, which finetune.py does not mind).
 * `--limit N` keeps the first N test and N pool rows (for a quick test run).
 */
const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    sets: { type: 'string', default: 'sst2,agnews' },
    shots: { type: 'string', default: '16,64' },
    draws: { type: 'string', default: '5' },
    limit: { type: 'string' },
  },
});
if (!values.out) throw new Error('usage: ceiling-rows.ts --out DIR [--sets sst2,agnews] [--shots 16,64] [--draws 5] [--limit N]');
const shots = values.shots!.split(',').map(Number);
const draws = Number(values.draws);
const limit = values.limit ? Number(values.limit) : Infinity;

const model = await loadNodeModel(modelOptionsFromEnv());
const engine = new PromptEngine(model, new MemoryConfigStore(), { resultCacheSize: 0 });
await mkdir(values.out, { recursive: true });

for (const name of values.sets!.split(',')) {
  const { set, ...split } = await classifySplit(name);
  const [test, pool] = [split.test.slice(0, limit), split.train.slice(0, limit)];
  const config = PRESETS.get(set.preset) as ClassifyConfig;
  const compiled = compileConfig(config, model) as CompiledClassify;
  const { labels, words } = compiled.verbalizer;
  // ceiling.py scores one mask: every label word must be one vocabulary piece (true of sst2's and agnews's presets)
  if (compiled.ensemble.length !== 1 || words.some((ws) => ws.some((w) => w.ids.length !== 1))) {
    throw new Error(`${name}: the ${set.preset} preset needs several templates or masks, which ceiling.py does not score`);
  }
  const prompt = (text: string) => {
    const r = renderPrompt(compiled.parts, { text: model.tokenizer.encodePlain(text) }, model.tokenizer, { maxLength: model.maxLength, maskCount: 1 });
    return { ids: r.ids, mask: r.maskPositions[0]! };
  };
  const rows = (rs: LabelledText[]) => rs.map((r) => ({ ...prompt(r.text), label: labels.indexOf(r.label) }));
  const drawn: Record<string, number[]> = {};
  for (const k of shots) for (let seed = 0; seed < draws; seed++) drawn[`${k}-${seed}`] = drawPerClass(pool, k, seed).map((r) => pool.indexOf(r));
  const engineProbs: number[][] = [];
  for (let i = 0; i < test.length; i += 64) {
    const texts = test.slice(i, i + 64).map((r) => r.text);
    const answers = await engine.classify({ inline: config }, texts);
    engineProbs.push(...answers.map((a) => labels.map((l) => a.scores[l]!)));
  }
  const out = {
    name,
    preset: set.preset,
    labels,
    words: words.map((ws) => ws.map((w) => w.ids[0]!)),
    test: rows(test),
    pool: rows(pool),
    contentFree: config.options.calibrate ? CONTENT_FREE.map(prompt) : [],
    draws: drawn,
    engine: engineProbs,
  };
  await writeFile(join(values.out, `${name}.json`), `${JSON.stringify(out)}\n`);
  const poolConfig = { ...config, examples: pool.map((r) => ({ text: r.text, label: r.label })) };
  await mkdir(join(values.out, 'pool-configs'), { recursive: true });
  await writeFile(join(values.out, 'pool-configs', `${name}.json`), `${JSON.stringify(poolConfig)}\n`);
  console.error(`${name}: ${test.length} test rows, pool ${pool.length}, ${Object.keys(drawn).length} draws -> ${join(values.out, `${name}.json`)}`);
}
