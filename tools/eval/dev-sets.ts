import { join } from 'node:path';
import { DATA_DIR, formatOf, readConll, readLabelled, type DataFormat, type LabelledText, type NerSentence } from './datasets.js';
import { nerParts } from './ner-split.js';
import { splitHeldApart } from './sampling.js';

/** The dev sets of ../shared/data/eval, with the preset each is scored against and default held-apart sizes. */
export interface DevSet {
  name: string;
  file: string;
  preset: string;
  kind: 'classify' | 'ner';
  /** Held-apart rows (sentences for NER) scored by default; the rest is the training pool. */
  testRows: number;
  labelMap?: (raw: string) => string;
  /** A fixed held-apart part (scored) and tuned part (the pool), instead of the seeded shuffle; with zero shots both parts are scored. */
  parts?: <T>(rows: readonly T[]) => { tuned: T[]; heldApart: T[] };
}

const TREC: Record<string, string> = { ABBR: 'abbreviation', DESC: 'description', ENTY: 'entity', HUM: 'human', LOC: 'location', NUM: 'number' };

export const DEV_SETS: readonly DevSet[] = [
  { name: 'sst2', file: 'sst2-phrases.tsv', preset: 'sentiment', kind: 'classify', testRows: 1000 },
  { name: 'agnews', file: 'agnews-dev.tsv', preset: 'topic', kind: 'classify', testRows: 600 },
  { name: 'trec', file: 'trec-train.tsv', preset: 'question', kind: 'classify', testRows: 1000, labelMap: (l) => TREC[l] ?? l },
  { name: 'tickets', file: 'tickets-dev.tsv', preset: 'tools/eval/configs/bug-routing.json', kind: 'classify', testRows: 600 },
  { name: 'conll', file: 'conll2003-dev.txt', preset: 'ner', kind: 'ner', testRows: 650, parts: nerParts },
];

export type Loaded = { kind: 'classify'; rows: LabelledText[] } | { kind: 'ner'; rows: NerSentence[] };

export async function loadRows(path: string, format: DataFormat = formatOf(path), labelMap?: (raw: string) => string): Promise<Loaded> {
  if (format === 'conll') return { kind: 'ner', rows: await readConll(path) };
  return { kind: 'classify', rows: await readLabelled(path, format, labelMap) };
}

export const devSetPath = (set: DevSet): string => join(DATA_DIR, set.file);

/**
 * A classify dev set by name, with its held-apart scored rows and its training pool
 * (splitHeldApart): what the learning curves score and draw examples from.
 */
export async function classifySplit(name: string): Promise<{ set: DevSet; test: LabelledText[]; train: LabelledText[] }> {
  const set = DEV_SETS.find((d) => d.name === name && d.kind === 'classify');
  if (!set) throw new Error(`${name} is not a classify dev set (${DEV_SETS.filter((d) => d.kind === 'classify').map((d) => d.name)})`);
  const data = await loadRows(devSetPath(set), undefined, set.labelMap);
  return { set, ...splitHeldApart(data.rows as LabelledText[], set.testRows) };
}
