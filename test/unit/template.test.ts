import { describe, expect, it } from 'vitest';
import { ClozeError } from '../../src/core/errors.js';
import { parseTemplate } from '../../src/core/template/parse-template.js';
import { compileTemplateParts, renderPrompt } from '../../src/core/template/render-prompt.js';
import { FakeMaskedLM } from '../support/fake-lm.js';

const CLASSIFY = { required: ['text'], allowed: ['text'] } as const;
const NER = { required: ['span'], allowed: ['text', 'span'] } as const;

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ClozeError) return `${err.code}@${err.field}`;
    throw err;
  }
  return 'no error';
}

describe('parseTemplate', () => {
  it('splits literals, placeholders and the mask', () => {
    expect(parseTemplate('{text} It was [MASK].', CLASSIFY)).toEqual([
      { kind: 'slot', name: 'text' },
      { kind: 'literal', text: ' It was ' },
      { kind: 'mask' },
      { kind: 'literal', text: '.' },
    ]);
  });

  it('reads doubled braces as literal braces', () => {
    expect(parseTemplate('{{x}} {text} [MASK]', CLASSIFY)[0]).toEqual({ kind: 'literal', text: '{x} ' });
  });

  it('rejects templates without the masks or placeholders the task needs, naming the field', () => {
    expect(codeOf(() => parseTemplate('{text} It was great.', CLASSIFY))).toBe('template_missing_mask@template');
    expect(codeOf(() => parseTemplate('{text} [MASK] [MASK]', CLASSIFY))).toBe('template_too_many_masks@template');
    expect(codeOf(() => parseTemplate('It was [MASK].', CLASSIFY))).toBe('template_missing_placeholder@template');
    expect(codeOf(() => parseTemplate('{text} is a [MASK].', NER))).toBe('template_missing_placeholder@template');
    expect(codeOf(() => parseTemplate('{txt} [MASK]', CLASSIFY))).toBe('template_unknown_placeholder@template');
    expect(codeOf(() => parseTemplate('{text [MASK]', CLASSIFY))).toBe('template_syntax@template');
    expect(codeOf(() => parseTemplate('{text} } [MASK]', CLASSIFY))).toBe('template_syntax@template');
  });

  it('never evaluates placeholder contents', () => {
    expect(codeOf(() => parseTemplate('{process.exit()} [MASK] {text}', CLASSIFY))).toBe('template_syntax@template');
  });
});

describe('renderPrompt', () => {
  const model = new FakeMaskedLM();

  const render = (template: string, text: string, maxLength: number, maskCount = 1) => {
    const parts = compileTemplateParts(parseTemplate(template, CLASSIFY), model.tokenizer);
    return renderPrompt(parts, { text: model.tokenizer.encodePlain(text) }, model.tokenizer, { maxLength, maskCount });
  };

  it('wraps the prompt in [CLS] … [SEP] and records mask positions', () => {
    const r = render('{text} It was [MASK].', 'good film', 128);
    const tokens = r.ids.map((i) => model.tokenizer.idToToken(i));
    expect(tokens).toEqual(['[CLS]', 'good', 'film', 'it', 'was', '[MASK]', '.', '[SEP]']);
    expect(r.maskPositions).toEqual([5]);
    expect(r.truncated).toBe(false);
  });

  it('expands the mask slot to several consecutive masks for multi-token words', () => {
    const r = render('{text} It was [MASK].', 'ok', 128, 3);
    expect(r.maskPositions).toEqual([4, 5, 6]);
    expect(r.maskPositions.every((p) => r.ids[p] === model.tokenizer.maskTokenId)).toBe(true);
  });

  it('shortens only the text when the prompt is too long, and says so', () => {
    const text = Array.from({ length: 200 }, (_, i) => `word${i % 10}`).join(' ');
    const r = render('{text} All in all, it was [MASK].', text, 32);
    expect(r.ids.length).toBe(32);
    expect(r.truncated).toBe(true);
    const tail = r.ids.slice(-9).map((i) => model.tokenizer.idToToken(i));
    expect(tail).toEqual(['all', 'in', 'all', ',', 'it', 'was', '[MASK]', '.', '[SEP]']);
    expect(r.ids[r.maskPositions[0]!]).toBe(model.tokenizer.maskTokenId);
  });

  it('keeps a literal [MASK] typed by the user as plain text', () => {
    const r = render('{text} It was [MASK].', 'the [MASK] token', 128);
    const masks = r.ids.filter((i) => i === model.tokenizer.maskTokenId);
    expect(masks).toHaveLength(1);
    expect(r.ids.map((i) => model.tokenizer.idToToken(i)).slice(1, 6)).toEqual(['the', '[', 'mask', ']', 'token']);
  });

  it('refuses when even an empty text cannot fit', () => {
    expect(codeOf(() => render(`{text} ${'very '.repeat(40)}[MASK]`, 'x', 16))).toBe('input_too_long@text');
  });
});
