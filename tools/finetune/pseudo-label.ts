import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { MemoryConfigStore } from '../../src/core/config/config-store.js';
import { configSchema, type ClassifyConfig } from '../../src/core/config/schema.js';
import { PromptEngine } from '../../src/core/engine.js';
import { zeroShotPart } from '../../src/core/fewshot/fit-config.js';
import { loadNodeModel, modelOptionsFromEnv } from '../../src/runtime/node/load-model.js';
import { classifySplit } from '../eval/dev-sets.js';

/**
 * One round of iPET-style self-training data (Schick & Schütze 2021): the model in
 * CLOZE_MODEL (e.g. one finetune.py tuned on a config's examples) labels every text of a dev
 * set's training pool that is not among the config's examples, and the config is written
 * back with its own examples followed by those pseudo-labelled texts, for finetune.py to
 * tune the base model on. The pool's gold labels are never used for training; they only give
 * the pseudo-labels' accuracy, printed for the record. Scored rows (the held-apart split) are
 * never labelled.
 *
 *   CLOZE_MODEL=/tmp/ft/agnews0 npx tsx tools/finetune/pseudo-label.ts --set agnews --config cfg.json --out ipet.json
 */
const { values } = parseArgs({ options: { set: { type: 'string' }, config: { type: 'string' }, out: { type: 'string' } } });
if (!values.set || !values.config || !values.out) throw new Error('usage: pseudo-label.ts --set NAME --config CONFIG.json --out OUT.json');
const config = configSchema.parse(JSON.parse(await readFile(values.config, 'utf8'))) as ClassifyConfig;
const examples = config.examples ?? [];
const given = new Set(examples.map((e) => e.text));
const { set, train } = await classifySplit(values.set);
const pool = train.filter((r) => !given.has(r.text));

const model = await loadNodeModel(modelOptionsFromEnv());
const engine = new PromptEngine(model, new MemoryConfigStore(), { resultCacheSize: 0 });
const zeroShot = zeroShotPart(config);
const pseudo: { text: string; label: string }[] = [];
let agree = 0;
for (let i = 0; i < pool.length; i += 64) {
  const batch = pool.slice(i, i + 64);
  const answers = await engine.classify(
    { inline: zeroShot },
    batch.map((r) => r.text),
  );
  answers.forEach((a, k) => {
    pseudo.push({ text: batch[k]!.text, label: a.label });
    if (a.label === batch[k]!.label) agree++;
  });
}
await writeFile(values.out, `${JSON.stringify({ ...zeroShot, examples: [...examples, ...pseudo] })}\n`);
console.error(
  `${set.name}: ${examples.length} examples + ${pseudo.length} pseudo-labelled pool texts (pseudo-labels right on ${((100 * agree) / pseudo.length).toFixed(1)} %) -> ${values.out}`,
);
