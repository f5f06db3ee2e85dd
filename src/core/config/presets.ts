import { configSchema, type PromptConfig } from './schema.js';

/**
 * Built-in configs. Templates and label words were chosen on the public dev sets in
 * ../shared/data/eval (never on test data); see models/<name>/MODEL_CARD.md for scores.
 */
const RAW: Record<string, unknown> = {
  sentiment: {
    task: 'classify',
    description: 'Binary sentiment (positive / negative) of a review or phrase.',
    template: '{text} It was [MASK].',
    verbalizer: {
      positive: ['great', 'good'],
      negative: ['terrible', 'bad'],
    },
    // temperatures: tools/eval/calibrate-presets.ts on the tuning part of each dev set (docs/teach-your-task.md)
    options: { aggregation: 'sum', calibrate: true, temperature: 8 },
  },
  'sentiment-seed': {
    task: 'classify',
    description: "Binary sentiment with the seed's template and label words, kept for comparison.",
    template: '{text} It was [MASK].',
    verbalizer: {
      positive: ['great', 'good', 'amazing'],
      negative: ['terrible', 'bad', 'awful'],
    },
    options: { aggregation: 'sum', calibrate: false },
  },
  topic: {
    task: 'classify',
    description: 'News topic: world, sports, business, science/technology.',
    template: '{text} Topic: [MASK].',
    verbalizer: {
      world: ['world', 'politics', 'war', 'government', 'president'],
      sports: ['sports', 'football', 'game', 'team', 'season'],
      business: ['business', 'economy', 'company', 'market', 'stocks'],
      science: ['science', 'technology', 'computer', 'software', 'space'],
    },
    options: { aggregation: 'sum', calibrate: false, temperature: 5.19 },
  },
  question: {
    task: 'classify',
    description: 'Question type (TREC coarse classes): what kind of answer is asked for.',
    template: '{text} It asks about a [MASK].',
    verbalizer: {
      abbreviation: ['abbreviation', 'acronym'],
      description: ['description', 'definition', 'reason', 'explanation'],
      entity: ['thing', 'object', 'animal', 'color'],
      human: ['person', 'man', 'woman', 'name'],
      location: ['place', 'city', 'country', 'location'],
      number: ['number', 'date', 'year', 'amount'],
    },
    options: { aggregation: 'sum', calibrate: false, temperature: 2.38 },
  },
  ner: {
    task: 'ner',
    description: 'Named entities: person, location, organization, miscellaneous.',
    template: '{text} {span} is a [MASK].',
    types: {
      person: ['person', 'man', 'woman', 'player', 'leader', 'writer'],
      location: ['city', 'country', 'place', 'state', 'town', 'region'],
      organization: ['company', 'organization', 'team', 'group', 'university', 'party'],
      misc: ['language', 'nationality', 'event', 'religion', 'game'],
    },
    options: {
      none_words: ['thing', 'word', 'time', 'way', 'day', 'action'],
      // chosen on the first 1,200 conll2003-dev sentences (0.3 / 0.5 / 0.7 / 0.9 / 0.97, with and
      // without calibration): the v2 model's answers are near-certain, so only a high bar drops
      // the doubtful ones; calibration against content-free spans adds ~2 F1 at every threshold
      threshold: 0.9,
      calibrate: true,
      // newswire-aware names typed by the evidence model (src/core/ner/evidence-weights.ts, fitted by
      // tools/ner/fit-evidence.ts on the tuned part of conll2003-dev): its per-type thresholds replace
      // `threshold`, which only the plain path (evidence: false) reads
      evidence: true,
      max_span_words: 3,
      capitalized: true,
      trim_stopwords: true,
      max_spans: 64,
    },
  },
};

export const PRESETS: ReadonlyMap<string, PromptConfig> = new Map(Object.entries(RAW).map(([name, doc]) => [name, configSchema.parse(doc)]));
