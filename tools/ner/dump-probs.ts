/**
 * Scores every candidate span (whole runs and all their parts) of a CoNLL file with the `ner`
 * preset's prompt and writes the calibrated class probabilities, keyed by sentence index and
 * "start:end", as JSON: the input of tools/ner/fit-evidence.ts, which then never needs the
 * model again.  npx tsx tools/ner/dump-probs.ts [conll file] [out.json]
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CompiledNer } from '../../src/core/config/compile-config.js';
import { PRESETS } from '../../src/core/config/presets.js';
import { PromptEngine } from '../../src/core/engine.js';
import { proposeCandidates } from '../../src/core/ner/candidates.js';
import { inEvidenceOrder } from '../../src/core/tasks/ner-evidence.js';
import { spanProbs } from '../../src/core/tasks/span-probs.js';
import { spanOptionsOf } from '../../src/core/tasks/span-slots.js';
import { FileConfigStore } from '../../src/runtime/node/file-config-store.js';
import { loadNodeModel, modelOptionsFromEnv } from '../../src/runtime/node/load-model.js';
import { DATA_DIR, readConll } from '../eval/datasets.js';
import { KNOWLEDGE_PER_TYPE, knowledgeRows } from './knowledge-rows.js';

const [file = join(DATA_DIR, 'conll2003-dev.txt'), out = '/tmp/ner-probs.json'] = process.argv.slice(2);
const model = await loadNodeModel(modelOptionsFromEnv());
const engine = new PromptEngine(model, new FileConfigStore('/tmp/ner-probs-store'), { resultCacheSize: 0 });
const preset = PRESETS.get('ner');
if (preset?.task !== 'ner') throw new Error('no ner preset');
const compiled = engine.compile(preset) as CompiledNer;
// the dev file's sentences, then the knowledge rows (tools/ner/knowledge-rows.ts) the fit also learns from
const dev = await readConll(file);
const knowledge = knowledgeRows(KNOWLEDGE_PER_TYPE);
const sentences = [...dev, ...knowledge];
const probs: Record<string, number[]>[] = [];
const t0 = Date.now();
for (let i = 0; i < sentences.length; i += 16) {
  const texts = sentences.slice(i, i + 16).map((s) => s.text);
  const spans = texts.map((text) => {
    const c = proposeCandidates(text, spanOptionsOf(compiled.config.options));
    const all = c.runs.flatMap((r) => (r.whole ? [r, ...r.parts] : r.parts));
    return [...new Map(all.map((s) => [`${s.start}:${s.end}`, s])).values()];
  });
  const scored = await spanProbs(model, compiled, texts, spans);
  scored.forEach((s, t) => {
    probs.push(
      Object.fromEntries(
        s.probs.map((p, k) => [`${spans[t]![k]!.start}:${spans[t]![k]!.end}`, inEvidenceOrder(compiled.verbalizer.labels, p).map((v) => +v.toFixed(6))]),
      ),
    );
  });
  if (i % 320 === 0) console.error(`${i}/${sentences.length} ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
await writeFile(out, JSON.stringify({ file, devSentences: dev.length, knowledgePerType: KNOWLEDGE_PER_TYPE, probs }));
console.error(`wrote ${out} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
