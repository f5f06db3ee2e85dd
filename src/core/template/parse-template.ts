import { ClozeError } from '../errors.js';

/**
 * A prompt template is a tiny language, parsed (never evaluated):
 *   literal text, `{name}` placeholders, `[MASK]` mask slots; `{{` and `}}` escape braces.
 * Example: `{text} It was [MASK].`
 */
export type TemplatePart = { kind: 'literal'; text: string } | { kind: 'slot'; name: string } | { kind: 'mask' };

export interface TemplateRules {
  /** Placeholders that must appear (e.g. `text` for classify, `span` for NER). */
  required: readonly string[];
  /** Placeholders that may appear. */
  allowed: readonly string[];
}

const MASK_LITERAL = '[MASK]';
const NAME = /^[a-z_][a-z0-9_]*$/;

export function parseTemplate(source: string, rules: TemplateRules, field = 'template'): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal) parts.push({ kind: 'literal', text: literal });
    literal = '';
  };
  let i = 0;
  while (i < source.length) {
    if (source.startsWith('{{', i)) {
      literal += '{';
      i += 2;
    } else if (source.startsWith('}}', i)) {
      literal += '}';
      i += 2;
    } else if (source[i] === '{') {
      const end = source.indexOf('}', i);
      if (end < 0) throw new ClozeError('template_syntax', `unclosed "{" at offset ${i}; write "{{" for a literal brace`, { field });
      const name = source.slice(i + 1, end).trim();
      if (!NAME.test(name)) throw new ClozeError('template_syntax', `invalid placeholder "{${name}}" at offset ${i}`, { field });
      if (!rules.allowed.includes(name)) {
        throw new ClozeError('template_unknown_placeholder', `unknown placeholder {${name}}; allowed: ${rules.allowed.map((n) => `{${n}}`).join(', ')}`, {
          field,
        });
      }
      flush();
      parts.push({ kind: 'slot', name });
      i = end + 1;
    } else if (source[i] === '}') {
      throw new ClozeError('template_syntax', `unmatched "}" at offset ${i}; write "}}" for a literal brace`, { field });
    } else if (source.startsWith(MASK_LITERAL, i)) {
      flush();
      parts.push({ kind: 'mask' });
      i += MASK_LITERAL.length;
    } else {
      literal += source[i];
      i += 1;
    }
  }
  flush();

  const masks = parts.filter((p) => p.kind === 'mask').length;
  if (masks === 0) throw new ClozeError('template_missing_mask', `template must contain exactly one ${MASK_LITERAL}, found none`, { field });
  if (masks > 1) throw new ClozeError('template_too_many_masks', `template must contain exactly one ${MASK_LITERAL}, found ${masks}`, { field });
  for (const name of rules.required) {
    if (!parts.some((p) => p.kind === 'slot' && p.name === name)) {
      throw new ClozeError('template_missing_placeholder', `template must contain the placeholder {${name}}`, { field });
    }
  }
  return parts;
}
