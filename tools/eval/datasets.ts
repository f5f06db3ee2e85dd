import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { parse } from 'csv-parse/sync';

/** Labelled dev sets from ../shared/data/eval, read in place (never copied into the repo). */
export interface LabelledText {
  text: string;
  label: string;
}

export interface GoldEntity {
  start: number;
  end: number;
  type: string;
}

export interface NerSentence {
  text: string;
  entities: GoldEntity[];
}

export type DataFormat = 'tsv' | 'csv' | 'jsonl' | 'conll';

export function formatOf(path: string): DataFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.conll' || ext === '.bio' || ext === '.txt') return 'conll';
  return 'tsv';
}

/**
 * (text, label) rows from TSV / CSV (columns named `text` and `label` in a header row, else
 * the first two columns) or JSONL (`{"text": …, "label": …}` per line).
 */
export async function readLabelled(path: string, format: Exclude<DataFormat, 'conll'>, labelMap: (raw: string) => string = (x) => x): Promise<LabelledText[]> {
  const raw = await readFile(path, 'utf8');
  if (format === 'jsonl') {
    return raw
      .split('\n')
      .filter((l) => l.trim())
      .map((l, i) => {
        const row = JSON.parse(l) as { text?: unknown; label?: unknown };
        if (typeof row.text !== 'string' || (typeof row.label !== 'string' && typeof row.label !== 'number'))
          throw new Error(`${path}:${i + 1}: needs "text" and "label"`);
        return { text: row.text, label: labelMap(String(row.label)) };
      });
  }
  const records = parse(raw, {
    delimiter: format === 'tsv' ? '\t' : ',',
    relax_column_count: true,
    skip_empty_lines: true,
    quote: format === 'tsv' ? false : '"',
  }) as string[][];
  const header = records[0]?.map((h) => h.trim().toLowerCase()) ?? [];
  const named = header.includes('text') && header.includes('label');
  const [ti, li] = named ? [header.indexOf('text'), header.indexOf('label')] : [0, 1];
  return records.slice(named ? 1 : 0).map((r, i) => {
    if (r[ti] === undefined || r[li] === undefined) throw new Error(`${path}: row ${i + 1} has no text or label column`);
    return { text: r[ti]!, label: labelMap(r[li]!.trim()) };
  });
}

export async function readTsv(path: string, labelMap: (raw: string) => string = (x) => x): Promise<LabelledText[]> {
  const lines = (await readFile(path, 'utf8')).split('\n').slice(1).filter(Boolean);
  return lines.map((l) => {
    const [text, label] = l.split('\t');
    return { text: text!, label: labelMap(label!) };
  });
}

const CONLL_TYPES: Record<string, string> = { PER: 'person', LOC: 'location', ORG: 'organization', MISC: 'misc' };

/** CoNLL-2003 `token TAG` lines (BIO); tokens joined by single spaces, entities as character spans. */
export async function readConll(path: string): Promise<NerSentence[]> {
  const blocks = (await readFile(path, 'utf8')).split(/\n\s*\n/);
  const out: NerSentence[] = [];
  for (const block of blocks) {
    const rows = block
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => l.trim().split(/\s+/))
      .map((cols) => [cols[0]!, cols[cols.length - 1]!]);
    if (rows.length === 0 || rows[0]![0] === '-DOCSTART-') continue;
    let text = '';
    const entities: GoldEntity[] = [];
    let open: GoldEntity | undefined;
    for (const [token, tag] of rows) {
      if (text) text += ' ';
      const start = text.length;
      text += token;
      const [bio, type] = (tag ?? 'O').split('-');
      if (bio === 'B' || (bio === 'I' && (!open || open.type !== CONLL_TYPES[type!]))) {
        open = { start, end: text.length, type: CONLL_TYPES[type!] ?? type! };
        entities.push(open);
      } else if (bio === 'I' && open) open.end = text.length;
      else open = undefined;
    }
    out.push({ text, entities });
  }
  return out;
}

export const DATA_DIR = join(process.env.CLOZE_SHARED_DATA ?? join(process.cwd(), '..', 'shared', 'data'), 'eval');
