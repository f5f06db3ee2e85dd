import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MemoryConfigStore } from '../../src/core/config/config-store.js';
import { PRESETS } from '../../src/core/config/presets.js';
import { configSchema } from '../../src/core/config/schema.js';
import { PromptEngine } from '../../src/core/engine.js';
import { loadNodeModel, modelOptionsFromEnv } from '../../src/runtime/node/load-model.js';
import { DATA_DIR, readConll, readTsv } from './datasets.js';
import { inBatches } from './learning-curve.js';
import { classificationMetrics, spanMetrics } from './metrics.js';

/**
 * `npm run tune`: how the presets were chosen. Scores candidate templates and label words on
 * a fixed sample of each dev set (never a test split) and prints them best first; the
 * winners are written into src/core/config/presets.ts by hand, with their dev scores in the
 * model card. `--rows N` per set (default 600), `--only sst2,agnews,trec,conll`.
 */
const { values } = parseArgs({ options: { rows: { type: 'string', default: '600' }, only: { type: 'string', default: 'sst2,agnews,trec,conll' } } });
const rows = Number(values.rows);
const only = new Set(values.only!.split(','));
const engine = new PromptEngine(await loadNodeModel(modelOptionsFromEnv()), new MemoryConfigStore(), { resultCacheSize: 0 });

/** Every k-th row, so the sample spans the whole file. */
const sample = <T>(xs: T[], n: number): T[] => xs.filter((_, i) => i % Math.max(1, Math.floor(xs.length / n)) === 0).slice(0, n);

const SENTIMENT_WORDS = {
  seed: { positive: ['great', 'good', 'amazing'], negative: ['terrible', 'bad', 'awful'] },
  wide: { positive: ['great', 'good', 'amazing', 'wonderful', 'excellent'], negative: ['terrible', 'bad', 'awful', 'horrible', 'boring'] },
  pair: { positive: ['good'], negative: ['bad'] },
  film: { positive: ['great', 'good', 'fun', 'beautiful', 'brilliant'], negative: ['bad', 'dull', 'boring', 'stupid', 'awful'] },
};
const SENTIMENT_TEMPLATES = [
  '{text} It was [MASK].',
  '{text} All in all, it was [MASK].',
  '{text} The movie is [MASK].',
  '{text} I thought it was [MASK].',
  '{text} Overall, it is [MASK].',
  '{text} This is [MASK].',
  '{text} It is really [MASK].',
  '{text} The film was [MASK].',
  '{text} It was a [MASK] movie.',
];

const TOPIC_WORDS = {
  base: {
    world: ['world', 'politics', 'international', 'government'],
    sports: ['sports', 'football', 'baseball', 'game'],
    business: ['business', 'economy', 'market', 'finance'],
    science: ['science', 'technology', 'computer', 'internet'],
  },
  single: { world: ['world'], sports: ['sports'], business: ['business'], science: ['technology'] },
  wide: {
    world: ['world', 'politics', 'war', 'government', 'president'],
    sports: ['sports', 'football', 'game', 'team', 'season'],
    business: ['business', 'economy', 'company', 'market', 'stocks'],
    science: ['science', 'technology', 'computer', 'software', 'space'],
  },
};
const TOPIC_TEMPLATES = [
  '[MASK] news: {text}',
  '{text} This article is about [MASK].',
  'A [MASK] story: {text}',
  '{text} Topic: [MASK].',
  '{text} Category: [MASK].',
  'Topic: [MASK]. {text}',
];

const questionPreset = PRESETS.get('question');
if (questionPreset?.task !== 'classify') throw new Error('the question preset must be a classify config');
/** The shipped question words (the grid's baseline). */
const QUESTION_WORDS = { base: questionPreset.verbalizer };
const QUESTION_TEMPLATES = ['{text} The answer is a [MASK].', '{text} Answer: a [MASK].', '[MASK] question: {text}'];

/** Type words to try besides the preset's (`base`); `people` adds words the model tends to answer for people. */
const NER_TYPE_WORDS: Record<string, Record<string, string[]> | undefined> = {
  base: undefined,
  people: {
    person: ['person', 'man', 'woman', 'player', 'leader', 'writer', 'friend', 'professor', 'son'],
    location: ['city', 'country', 'place', 'state', 'town', 'region'],
    organization: ['company', 'organization', 'team', 'group', 'university', 'party'],
    misc: ['language', 'nationality', 'event', 'religion', 'game'],
  },
};
const NER_TEMPLATES = ['{text} {span} is a type of [MASK].', '{text} {span} is a [MASK].', '{text} {span} is the name of a [MASK].'];

type Scored = { name: string; score: number; detail: string };
/** The grid prints its own tables: no progress to report per batch. */
const noTick = (): void => {};

const report = (title: string, list: Scored[]) => {
  console.log(`\n## ${title}`);
  for (const s of list.sort((a, b) => b.score - a.score)) console.log(`${(100 * s.score).toFixed(1).padStart(5)} %  ${s.name}  ${s.detail}`);
};

async function classifyGrid(
  file: string,
  labelMap: (l: string) => string,
  templates: string[],
  words: Record<string, Record<string, string[]>>,
): Promise<Scored[]> {
  const data = sample(await readTsv(join(DATA_DIR, file), labelMap), rows);
  const out: Scored[] = [];
  for (const template of templates) {
    for (const [wname, verbalizer] of Object.entries(words)) {
      for (const calibrate of [false, true]) {
        const config = configSchema.parse({ task: 'classify', template, verbalizer, options: { calibrate } });
        const pred = await inBatches(data, 64, noTick, async (batch) =>
          (
            await engine.classify(
              { inline: config },
              batch.map((d) => d.text),
            )
          ).map((r) => r.label),
        );
        const m = classificationMetrics(
          data.map((d) => d.label),
          pred,
        );
        out.push({
          name: `${JSON.stringify(template)} words=${wname} calibrate=${calibrate}`,
          score: m.accuracy,
          detail: `macro-F1 ${(100 * m.macroF1).toFixed(1)}`,
        });
      }
    }
  }
  return out;
}

const TREC: Record<string, string> = { ABBR: 'abbreviation', DESC: 'description', ENTY: 'entity', HUM: 'human', LOC: 'location', NUM: 'number' };
if (only.has('sst2')) report('sst2-phrases (sentiment)', await classifyGrid('sst2-phrases.tsv', (l) => l, SENTIMENT_TEMPLATES, SENTIMENT_WORDS));
if (only.has('agnews')) report('agnews-dev (topic)', await classifyGrid('agnews-dev.tsv', (l) => l, TOPIC_TEMPLATES, TOPIC_WORDS));
if (only.has('trec')) report('trec-train (question)', await classifyGrid('trec-train.tsv', (l) => TREC[l] ?? l, QUESTION_TEMPLATES, QUESTION_WORDS));
if (only.has('conll')) {
  const data = sample(await readConll(join(DATA_DIR, 'conll2003-dev.txt')), Math.min(rows, 300));
  const base = (await engine.getConfig('ner'))!.config;
  if (base.task !== 'ner') throw new Error('ner preset is not an NER config');
  const out: Scored[] = [];
  const settings = [
    [0.2, false],
    [0.3, false],
    [0.4, false],
    [0.3, true],
    [0.5, true],
  ] as const;
  const grid = NER_TEMPLATES.flatMap((template) =>
    Object.entries(NER_TYPE_WORDS).flatMap(([words, types]) => settings.map(([threshold, calibrate]) => ({ template, words, types, threshold, calibrate }))),
  );
  for (const { template, words, types, threshold, calibrate } of grid) {
    if (words !== 'base' && threshold === 0.4) continue;
    const config = configSchema.parse({ ...base, template, ...(types && { types }), options: { ...base.options, threshold, calibrate } });
    const pred = await inBatches(data, 8, noTick, async (batch) =>
      (
        await engine.ner(
          { inline: config },
          batch.map((d) => d.text),
        )
      ).map((r) => r.entities),
    );
    const m = spanMetrics(
      data.map((d) => d.entities),
      pred,
    );
    out.push({
      name: `${JSON.stringify(template)} words=${words} threshold=${threshold} calibrate=${calibrate}`,
      score: m.f1,
      detail: `P ${(100 * m.precision).toFixed(1)} R ${(100 * m.recall).toFixed(1)} span-F1 ${(100 * m.spanF1).toFixed(1)}`,
    });
  }
  report('conll2003-dev (ner), F1', out);
}
