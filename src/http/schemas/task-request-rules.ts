import type { z } from '@hono/zod-openapi';

/** The field that carries an inline config's label words. */
export type WordsField = 'verbalizer' | 'types';

interface RequestShape {
  text?: unknown;
  texts?: unknown;
  config?: unknown;
  template?: unknown;
  /** Extra templates of an inline classify ensemble. */
  templates?: unknown;
  options?: unknown;
  verbalizer?: unknown;
  types?: unknown;
}

/**
 * The cross-field rules of a classify or NER request, as zod checks (their issues name the
 * field, like any other validation error):
 * - exactly one of `text` / `texts`;
 * - a config by name (`config`) or inline (`template` with `verbalizer` | `types`, classify
 *   ensembles also `templates`), never both;
 * - `options` only with an inline config.
 */
export function checkTaskRequest(wordsField: WordsField) {
  return (body: RequestShape, ctx: z.RefinementCtx): void => {
    const issue = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });
    if ((body.text === undefined) === (body.texts === undefined)) issue('text', 'give exactly one of `text` or `texts`');
    const words = body[wordsField];
    if (body.template === undefined && body.templates === undefined && words === undefined) {
      if (body.options !== undefined) issue('options', `\`options\` only applies to an inline config (template + ${wordsField})`);
    } else if (body.config !== undefined) issue('config', 'give either `config` or an inline `template`, not both');
    else if (body.template === undefined) issue('template', `an inline config needs \`template\` with \`${wordsField}\``);
    else if (words === undefined) issue(wordsField, `an inline config needs \`${wordsField}\` with \`template\``);
  };
}

/**
 * The same rules in JSON Schema (OpenAPI 3.1), for /openapi.json and generated clients:
 * `oneOf` text / texts, `not` config beside an inline part, `dependentRequired` for the
 * inline pair and for `options`.
 */
export function taskRequestRulesSchema(wordsField: WordsField) {
  const ensemble = wordsField === 'verbalizer';
  return {
    description: `Exactly one of \`text\` / \`texts\`; a config by name (\`config\`) or inline (\`template\` with \`${wordsField}\`${ensemble ? ', optionally `templates`' : ''}), never both; \`options\` only with an inline config.`,
    oneOf: [{ required: ['text'] }, { required: ['texts'] }],
    not: { anyOf: [{ required: ['config', 'template'] }, { required: ['config', wordsField] }, ...(ensemble ? [{ required: ['config', 'templates'] }] : [])] },
    dependentRequired: { template: [wordsField], [wordsField]: ['template'], options: ['template'], ...(ensemble ? { templates: ['template'] } : {}) },
  };
}
