import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { ConfigStore } from '../../core/config/config-store.js';
import { classifyExampleSchema, configSchema, nerExampleSchema, type ClassifyExample, type NerExample, type PromptConfig } from '../../core/config/schema.js';
import { zodToClozeError } from '../../core/engine.js';
import { ClozeError } from '../../core/errors.js';

/** At most this many examples (rows of the file): about 40 minutes of training on 2 cores. */
export const MAX_TUNE_EXAMPLES = 20_000;

const storedDocument = z.object({ name: z.string(), config: z.record(z.string(), z.unknown()) }).loose();

/**
 * The config to tune for: a JSON file holding a config document, or the document
 * `GET /v1/configs/{name}` (or `cloze-edge configs get`) returns, or the name of a preset or
 * stored config. Validated as PUT validates it; errors name the field.
 */
export async function readTuneConfig(ref: string, store: ConfigStore): Promise<PromptConfig> {
  let doc: unknown;
  if (/\.json$/i.test(ref) || ref.includes('/')) {
    const text = await readFile(ref, 'utf8').catch((err: unknown) => {
      throw new ClozeError('validation_failed', `cannot read --config ${ref}: ${(err as Error).message}`, { field: 'config' });
    });
    try {
      doc = JSON.parse(text) as unknown;
    } catch {
      throw new ClozeError('invalid_json', `--config ${ref} is not valid JSON`, { field: 'config' });
    }
  } else {
    const stored = await store.get(ref);
    if (!stored) throw new ClozeError('config_not_found', `no preset or stored config named "${ref}" (or give a .json file)`, { field: 'config' });
    doc = stored.config;
  }
  const wrapped = storedDocument.safeParse(doc);
  if (wrapped.success) doc = wrapped.data.config;
  const parsed = configSchema.safeParse(doc);
  if (!parsed.success) throw zodToClozeError(parsed.error.issues, 'config');
  return parsed.data;
}

/**
 * Labelled examples from a file: TSV `text<TAB>label` (a first line `text<TAB>label…` is a
 * header; further columns are ignored) or JSONL (`{"text", "label"}`, or `{"text", "entities"}`
 * for NER). Every row is checked as a config's examples are; a label the config does not have
 * is an error naming the line.
 */
export async function readTuneExamples(path: string, config: PromptConfig): Promise<(ClassifyExample | NerExample)[]> {
  const text = await readFile(path, 'utf8').catch((err: unknown) => {
    throw new ClozeError('validation_failed', `cannot read --examples ${path}: ${(err as Error).message}`, { field: 'examples' });
  });
  const jsonl = /\.jsonl?$/i.test(path) || text.trimStart().startsWith('{');
  const rows = jsonl ? jsonLines(text) : tsvRows(text);
  if (rows.length > MAX_TUNE_EXAMPLES) throw new ClozeError('validation_failed', `more than ${MAX_TUNE_EXAMPLES} examples`, { field: 'examples' });
  const schema = config.task === 'ner' ? nerExampleSchema : classifyExampleSchema;
  const labels = new Set(config.task === 'ner' ? Object.keys(config.types) : Object.keys(config.verbalizer));
  return rows.map(({ line, value }) => {
    const field = `examples:${line}`;
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw zodToClozeError(parsed.error.issues, field);
    const used = 'label' in parsed.data ? [parsed.data.label] : parsed.data.entities.map((e) => e.type);
    const unknown = used.find((l) => !labels.has(l));
    if (unknown !== undefined) {
      throw new ClozeError('validation_failed', `line ${line}: label "${unknown}" is not one of the config's: ${[...labels].join(', ')}`, { field });
    }
    return parsed.data;
  });
}

function jsonLines(text: string): { line: number; value: unknown }[] {
  const out: { line: number; value: unknown }[] = [];
  text.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    try {
      out.push({ line: i + 1, value: JSON.parse(raw) as unknown });
    } catch {
      throw new ClozeError('invalid_json', `line ${i + 1} is not valid JSON`, { field: `examples:${i + 1}` });
    }
  });
  return out;
}

function tsvRows(text: string): { line: number; value: unknown }[] {
  const records = parse(text, {
    delimiter: '\t',
    relax_column_count: true,
    relax_quotes: true,
    quote: false,
    skip_empty_lines: true,
    info: true,
  }) as unknown as {
    record: string[];
    info: { lines: number };
  }[];
  const first = records[0]?.record;
  const header = first !== undefined && first[0]?.trim().toLowerCase() === 'text' && first[1]?.trim().toLowerCase() === 'label';
  return records.slice(header ? 1 : 0).map(({ record, info }) => ({ line: info.lines, value: { text: record[0] ?? '', label: (record[1] ?? '').trim() } }));
}
