import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/core/limits.js';
import { classifyRequest, nerRequest } from '../../src/http/schemas/tasks.js';
import { appOpenApi } from '../../tools/client/openapi-types.js';

/** The JSON Schema keywords the request rules use, evaluated on which keys a body has. */
interface PresenceSchema {
  required?: string[];
  oneOf?: PresenceSchema[];
  anyOf?: PresenceSchema[];
  not?: PresenceSchema;
  dependentRequired?: Record<string, string[]>;
}

function satisfies(keys: Set<string>, s: PresenceSchema): boolean {
  if (s.required && !s.required.every((k) => keys.has(k))) return false;
  if (s.oneOf && s.oneOf.filter((x) => satisfies(keys, x)).length !== 1) return false;
  if (s.anyOf && !s.anyOf.some((x) => satisfies(keys, x))) return false;
  if (s.not && satisfies(keys, s.not)) return false;
  for (const [k, needs] of Object.entries(s.dependentRequired ?? {})) if (keys.has(k) && !needs.every((n) => keys.has(n))) return false;
  return true;
}

type Schemas = Record<string, PresenceSchema & { description?: string; properties: Record<string, Record<string, unknown>> }>;
const schemas = async () => ((await appOpenApi()) as unknown as { components: { schemas: Schemas } }).components.schemas;

describe('/openapi.json', () => {
  it('shows every request limit from core LIMITS', async () => {
    const s = await schemas();
    const classify = s.ClassifyRequest!.properties;
    const ner = s.NerRequest!.properties;
    const fill = s.FillMaskRequest!.properties;
    expect(classify.texts).toMatchObject({ maxItems: LIMITS.classifyTexts, items: { maxLength: LIMITS.textChars } });
    expect(ner.texts).toMatchObject({ maxItems: LIMITS.nerTexts });
    expect(classify.text).toMatchObject({ maxLength: LIMITS.textChars });
    expect(classify.template).toMatchObject({ maxLength: LIMITS.templateChars });
    expect(classify.verbalizer).toMatchObject({
      minProperties: 2,
      maxProperties: LIMITS.labels,
      propertyNames: { maxLength: LIMITS.labelChars },
      additionalProperties: { maxItems: LIMITS.wordsPerLabel, items: { maxLength: LIMITS.wordChars } },
    });
    expect(ner.types).toMatchObject({ minProperties: 1, maxProperties: LIMITS.labels });
    expect(classify.explain).toMatchObject({ anyOf: [{ type: 'boolean' }, { maximum: LIMITS.explain }] });
    expect(fill.top_k).toMatchObject({ maximum: LIMITS.topK });
    expect(fill.targets).toMatchObject({ maxItems: LIMITS.targets, items: { maxLength: LIMITS.wordChars } });
    expect(s.EvaluateRequest!.properties.rows).toMatchObject({ maxItems: LIMITS.evalRows });
  });

  // Every combination of the six fields whose presence the rules are about: the documented
  // JSON Schema rules and the zod schema that validates requests must agree on each.
  const FIELDS = ['text', 'texts', 'config', 'template', 'words', 'options'] as const;
  const combos = Array.from({ length: 1 << FIELDS.length }, (_, mask) => FIELDS.filter((_, i) => mask & (1 << i)));
  const value = (field: (typeof FIELDS)[number], task: 'classify' | 'ner'): unknown =>
    ({
      text: 'Anna met Bob.',
      texts: ['Anna met Bob.'],
      config: task,
      template: task === 'ner' ? '{text} {span} is a [MASK].' : '{text} It was [MASK].',
      words: { a: ['good'], b: ['bad'] },
      options: { aggregation: 'sum' },
    })[field];

  it.each([
    ['ClassifyRequest', 'classify', 'verbalizer'],
    ['NerRequest', 'ner', 'types'],
  ] as const)('documents the one-of rules of %s exactly as they are enforced', async (name, task, wordsField) => {
    const doc = (await schemas())[name]!;
    expect(doc.oneOf).toEqual([{ required: ['text'] }, { required: ['texts'] }]);
    expect(doc.description).toContain('Exactly one of `text` / `texts`');
    const schema = task === 'classify' ? classifyRequest : nerRequest;
    let valid = 0;
    for (const fields of combos) {
      const body = Object.fromEntries(fields.map((f) => [f === 'words' ? wordsField : f, value(f, task)]));
      const documented = satisfies(new Set(Object.keys(body)), doc);
      const parsed = schema.safeParse(body);
      expect(parsed.success, JSON.stringify(body)).toBe(documented);
      if (!parsed.success) expect(['text', 'config', 'template', 'options', wordsField]).toContain(String(parsed.error.issues[0]!.path[0]));
      if (documented) valid++;
    }
    // text | texts, each with: nothing, config, template+words, template+words+options
    expect(valid).toBe(8);
  });
});
