import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

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
    const rows = block.split('\n').filter(Boolean).map((l) => l.split(' '));
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
