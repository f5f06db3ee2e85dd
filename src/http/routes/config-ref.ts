import type { ConfigRef } from '../../core/engine.js';
import { zodToClozeError } from '../../core/engine.js';
import { configSchema } from '../../core/config/schema.js';

interface InlineFields {
  config?: string;
  template?: string;
  /** Extra templates of an inline classify ensemble. */
  templates?: string[];
  options?: Record<string, unknown>;
  verbalizer?: Record<string, string[]>;
  types?: Record<string, string[]>;
}

/**
 * The config a validated request names (`config`, else the default) or gives inline
 * (`template` plus `verbalizer` or `types`); the request schema already made sure it is
 * one or the other (src/http/schemas/task-request-rules.ts). Inline configs get the
 * defaults of stored ones.
 */
export function configRefFrom(body: InlineFields, task: 'classify' | 'ner', defaultName: string): ConfigRef {
  const wordsField = task === 'classify' ? 'verbalizer' : 'types';
  const words = body[wordsField];
  if (body.template === undefined || words === undefined) return { name: body.config ?? defaultName };
  const parsed = configSchema.safeParse({
    task,
    template: body.template,
    ...(body.templates !== undefined && { templates: body.templates }),
    [wordsField]: words,
    options: body.options ?? {},
  });
  if (!parsed.success) throw zodToClozeError(parsed.error.issues);
  return { inline: parsed.data };
}

/** The texts of a validated request (exactly one of `text` / `texts`) and whether the caller sent a list. */
export function textsOf(body: { text?: string; texts?: string[] }): { texts: string[]; many: boolean } {
  return body.texts ? { texts: body.texts, many: true } : { texts: [body.text ?? ''], many: false };
}
