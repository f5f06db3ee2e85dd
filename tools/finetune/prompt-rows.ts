import { readFile, writeFile } from 'node:fs/promises';
import { compileConfig } from '../../src/core/config/compile-config.js';
import { configSchema, type ClassifyConfig, type NerConfig } from '../../src/core/config/schema.js';
import { nerRows } from '../../src/core/fewshot/ner-rows.js';
import { zeroShotPart } from '../../src/core/fewshot/fit-config.js';
import type { SlotValues } from '../../src/core/tasks/score-prompts.js';
import { renderPrompt } from '../../src/core/template/render-prompt.js';
import { loadNodeModel, modelOptionsFromEnv } from '../../src/runtime/node/load-model.js';

/**
 * `npx tsx tools/finetune/prompt-rows.ts CONFIG.json OUT.json`: the exact prompts the engine
 * asks for a config's examples, as token ids, for tools/finetune/finetune.py `--rows`. For an
 * NER config these are the fit step's rows (src/core/fewshot/ner-rows.ts): every candidate
 * span recognize() can ask about in the example sentences (with `spans: "names"` whole runs and
 * their parts), labelled with its gold type or the "none" class. Classes are the config's
 * labels (NER: its types, then "none" = `options.none_words`); `words` holds each class's
 * label words as vocabulary ids (first piece, as finetune.py scores them).
 */
const [configPath, outPath] = process.argv.slice(2);
if (!configPath || !outPath) throw new Error('usage: prompt-rows.ts CONFIG.json OUT.json');
const config = configSchema.parse(JSON.parse(await readFile(configPath, 'utf8')));
const model = await loadNodeModel({ ...modelOptionsFromEnv(), threads: 1 });
const compiled = compileConfig(zeroShotPart(config), model);
const labels = compiled.verbalizer.labels;
let inputs: SlotValues[];
let y: number[];
if (config.task === 'ner') {
  const rows = nerRows(model, config as NerConfig, labels, config.examples ?? []);
  inputs = rows.inputs;
  y = rows.y;
} else {
  const examples = (config as ClassifyConfig).examples ?? [];
  inputs = examples.map((e) => ({ text: model.tokenizer.encodePlain(e.text) }));
  y = examples.map((e) => labels.indexOf(e.label));
}
const rows = inputs.map((values, i) => {
  const r = renderPrompt(compiled.parts, values, model.tokenizer, { maxLength: model.maxLength, maskCount: 1 });
  return { ids: r.ids, mask: r.maskPositions[0]!, label: y[i]! };
});
const texts = (config.examples ?? []).map((e) => model.tokenizer.encodePlain(e.text).slice(0, model.maxLength - 2));
const words = compiled.verbalizer.words.map((ws) => ws.map((w) => w.ids[0]!));
await writeFile(outPath, `${JSON.stringify({ task: config.task, labels, words, rows, texts })}\n`);
console.error(`wrote ${rows.length} prompt rows (${labels.length} classes) for ${texts.length} examples to ${outPath}`);
