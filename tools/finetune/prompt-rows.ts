import { readFile, writeFile } from 'node:fs/promises';
import { promptRows } from '../../src/cli/tune/prompt-rows.js';
import { configSchema } from '../../src/core/config/schema.js';
import { zeroShotPart } from '../../src/core/fewshot/fit-config.js';
import { loadNodeModel, modelOptionsFromEnv } from '../../src/runtime/node/load-model.js';

/**
 * `npx tsx tools/finetune/prompt-rows.ts CONFIG.json OUT.json`: the exact prompts the engine
 * asks for a config's examples, as token ids, for tools/finetune/finetune.py `--rows`
 * (src/cli/tune/prompt-rows.ts, what `cloze-edge tune` trains on). For an NER config these
 * are the fit step's rows: every candidate span recognize() can ask about in the example
 * sentences, labelled with its gold type or the "none" class. `words` holds each class's
 * label words as vocabulary ids (first piece, as finetune.py scores them).
 */
const [configPath, outPath] = process.argv.slice(2);
if (!configPath || !outPath) throw new Error('usage: prompt-rows.ts CONFIG.json OUT.json');
const config = configSchema.parse(JSON.parse(await readFile(configPath, 'utf8')));
const model = await loadNodeModel({ ...modelOptionsFromEnv(), threads: 1 });
const { labels, words, rows, texts } = promptRows(model, zeroShotPart(config), config.examples ?? []);
const out = rows.map((r) => ({ ids: r.ids, mask: r.mask, label: r.label }));
await writeFile(outPath, `${JSON.stringify({ task: config.task, labels, words, rows: out, texts })}\n`);
console.error(`wrote ${rows.length} prompt rows (${labels.length} classes) for ${texts.length} examples to ${outPath}`);
