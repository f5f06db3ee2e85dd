import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MemoryConfigStore } from '../../src/core/config/config-store.js';
import { PromptEngine, type ConfigRef } from '../../src/core/engine.js';
import { configSchema } from '../../src/core/config/schema.js';
import { loadNodeModel, modelOptionsFromEnv } from '../../src/runtime/node/load-model.js';
import { DATA_DIR, readConll, readTsv, type LabelledText } from './datasets.js';
import { classificationMetrics, spanMetrics } from './metrics.js';

/**
 * `npm run eval`: zero-shot scores of the service's presets (or a config file) on the dev
 * sets in ../shared/data/eval, through the real engine and model. Prints a Markdown table.
 *   --limit N        evaluate the first N rows of each set (deterministic); default all
 *   --only a,b       sst2,agnews,trec,conll
 *   --config FILE    evaluate a config document instead of the preset (with --only)
 */
const { values } = parseArgs({ options: { limit: { type: 'string' }, only: { type: 'string' }, config: { type: 'string' }, json: { type: 'boolean', default: false } } });
const limit = values.limit ? Number(values.limit) : Infinity;
const only = new Set((values.only ?? 'sst2,agnews,trec,conll').split(','));

const TREC: Record<string, string> = { ABBR: 'abbreviation', DESC: 'description', ENTY: 'entity', HUM: 'human', LOC: 'location', NUM: 'number' };

const engine = new PromptEngine(await loadNodeModel(modelOptionsFromEnv()), new MemoryConfigStore(), { resultCacheSize: 0 });
const custom = values.config ? configSchema.parse(JSON.parse(await readFile(values.config, 'utf8'))) : undefined;
const ref = (preset: string): ConfigRef => (custom ? { inline: custom } : { name: preset });

async function classifySet(rows: LabelledText[], preset: string) {
  const pred: string[] = [];
  for (let i = 0; i < rows.length; i += 64) {
    const batch = rows.slice(i, i + 64);
    pred.push(...(await engine.classify(ref(preset), batch.map((r) => r.text))).map((r) => r.label));
  }
  return classificationMetrics(rows.map((r) => r.label), pred);
}

const results: Record<string, unknown> = {};
const lines = ['| dev set | config | rows | accuracy | macro-F1 | majority class |', '|---|---|---|---|---|---|'];
const started = performance.now();
const sets: [string, string, string, (l: string) => string][] = [
  ['sst2', 'sst2-phrases.tsv', 'sentiment', (l) => l],
  ['agnews', 'agnews-dev.tsv', 'topic', (l) => l],
  ['trec', 'trec-train.tsv', 'question', (l) => TREC[l] ?? l],
];
for (const [key, file, preset, map] of sets) {
  if (!only.has(key)) continue;
  const rows = (await readTsv(join(DATA_DIR, file), map)).slice(0, limit);
  const m = await classifySet(rows, preset);
  results[key] = m;
  lines.push(`| ${file} | ${custom ? values.config : preset} | ${m.n} | ${(100 * m.accuracy).toFixed(1)} % | ${(100 * m.macroF1).toFixed(1)} % | ${(100 * m.majority).toFixed(1)} % |`);
}
if (only.has('conll')) {
  const sentences = (await readConll(join(DATA_DIR, 'conll2003-dev.txt'))).slice(0, limit);
  const pred = [];
  for (let i = 0; i < sentences.length; i += 8) {
    const out = await engine.ner(ref('ner'), sentences.slice(i, i + 8).map((s) => s.text));
    pred.push(...out.map((r) => r.entities));
  }
  const m = spanMetrics(sentences.map((s) => s.entities), pred);
  results.conll = { n: sentences.length, ...m };
  lines.push('', '| dev set | config | sentences | precision | recall | F1 | span-only F1 |', '|---|---|---|---|---|---|---|');
  lines.push(`| conll2003-dev.txt | ${custom ? values.config : 'ner'} | ${sentences.length} | ${(100 * m.precision).toFixed(1)} % | ${(100 * m.recall).toFixed(1)} % | ${(100 * m.f1).toFixed(1)} % | ${(100 * m.spanF1).toFixed(1)} % |`);
}
console.log(values.json ? JSON.stringify(results, null, 2) : lines.join('\n'));
console.error(`model ${engine.model.id}; ${((performance.now() - started) / 1000).toFixed(0)} s`);
