import { z } from '@hono/zod-openapi';
import { classifyOptionsSchema, configNameSchema, nerOptionsSchema, templateSchema, verbalizerSchema, wordMapSchema } from '../../core/config/schema.js';
import { LIMITS } from '../../core/limits.js';
import { predictionSchema, textSchema } from './common.js';
import { checkTaskRequest, taskRequestRulesSchema, type WordsField } from './task-request-rules.js';

/**
 * Request schemas of the task endpoints, derived from the core config schemas and LIMITS:
 * an inline template or word map is validated by the same schema as a stored config's.
 */
const taskRequest = <T extends z.ZodRawShape>(shape: T, maxTexts: number, wordsField: WordsField) =>
  z
    .object({
      text: textSchema.optional().openapi({ description: 'one text (or use `texts`)' }),
      texts: z
        .array(textSchema)
        .min(1)
        .max(maxTexts)
        .optional()
        .openapi({ description: `up to ${maxTexts} texts, answered as \`results\`` }),
      ...shape,
    })
    .strict()
    .superRefine(checkTaskRequest(wordsField));

export const fillMaskRequest = z
  .object({
    text: textSchema.openapi({ example: 'natural language processing is a [MASK] technology.' }),
    top_k: z.number().int().min(1).max(LIMITS.topK).default(5),
    targets: z.array(z.string().min(1).max(LIMITS.wordChars)).min(1).max(LIMITS.targets).optional().openapi({ description: 'score only these words' }),
  })
  .strict()
  .openapi('FillMaskRequest');

export const fillMaskResponse = z.object({ predictions: z.array(z.array(predictionSchema)) }).openapi('FillMaskResponse');

export const classifyRequest = taskRequest(
  {
    config: configNameSchema.optional().openapi({ description: 'stored or preset config name (default `sentiment`)', example: 'sentiment' }),
    template: templateSchema.optional().openapi({ description: 'inline template, e.g. `{text} It was [MASK].`' }),
    templates: z
      .array(templateSchema)
      .min(1)
      .max(LIMITS.extraTemplates)
      .optional()
      .openapi({ description: 'more inline templates beside `template` (an ensemble): class scores are the mean of their log-probabilities' }),
    verbalizer: verbalizerSchema.optional().openapi({ description: 'inline label → label words' }),
    options: classifyOptionsSchema.partial().optional(),
    calibrate: z.boolean().optional().openapi({ description: 'override the config’s calibration' }),
    explain: z
      .union([z.boolean(), z.number().int().min(1).max(LIMITS.explain)])
      .optional()
      .openapi({ description: 'return top mask predictions (true = 5)' }),
  },
  LIMITS.classifyTexts,
  'verbalizer',
).openapi('ClassifyRequest', { ...taskRequestRulesSchema('verbalizer'), example: { text: 'I really like the film a lot.', config: 'sentiment' } });

const classifyResult = z
  .object({
    label: z.string(),
    scores: z.record(z.string(), z.number()),
    truncated: z.boolean(),
    predictions: z.array(predictionSchema).optional(),
  })
  .openapi('ClassifyResult');

export const classifyResponse = z.union([classifyResult, z.object({ results: z.array(classifyResult) })]).openapi('ClassifyResponse');

export const nerRequest = taskRequest(
  {
    config: configNameSchema.optional().openapi({ description: 'stored or preset NER config (default `ner`)', example: 'ner' }),
    template: templateSchema.optional().openapi({ description: 'inline template with {span} and [MASK]' }),
    types: wordMapSchema.optional().openapi({ description: 'inline entity type → label words' }),
    options: nerOptionsSchema.partial().optional(),
  },
  LIMITS.nerTexts,
  'types',
).openapi('NerRequest', { ...taskRequestRulesSchema('types'), example: { text: 'John went to Paris to visit the University.' } });

const entity = z.object({ text: z.string(), type: z.string(), start: z.number().int(), end: z.number().int(), score: z.number() }).openapi('Entity');
const nerResult = z.object({ entities: z.array(entity), truncated: z.boolean() }).openapi('NerResult');
export const nerResponse = z.union([nerResult, z.object({ results: z.array(nerResult) })]).openapi('NerResponse');
