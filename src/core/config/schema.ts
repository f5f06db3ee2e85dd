import { z } from 'zod';
import { EXAMPLE_LIMITS, LIMITS } from '../limits.js';

export const configNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'lower-case letters, digits, "_", "-" and "." (1-64 characters, starting with a letter or digit)');

export const labelNameSchema = z.string().min(1).max(LIMITS.labelChars);
const labelWordSchema = z.string().trim().min(1).max(LIMITS.wordChars);
const labelWords = z.array(labelWordSchema).min(1).max(LIMITS.wordsPerLabel);
/** zod (like any plain-object map) silently drops a `__proto__` key: a preprocess step that refuses it by name. */
function rejectProtoKey(value: unknown, ctx: { addIssue(issue: { code: 'custom'; message: string; path: PropertyKey[]; input: unknown }): void }): unknown {
  if (value !== null && typeof value === 'object' && Object.hasOwn(value, '__proto__')) {
    ctx.addIssue({ code: 'custom', message: 'the label name "__proto__" is reserved', path: ['__proto__'], input: value });
  }
  return value;
}

/** Label → label words (an NER config's `types`); at most LIMITS.labels labels. */
export const wordMapSchema = z
  .preprocess(
    rejectProtoKey,
    z
      .record(labelNameSchema, labelWords)
      .refine((m) => Object.keys(m).length >= 1 && Object.keys(m).length <= LIMITS.labels, `between 1 and ${LIMITS.labels} labels`),
  )
  .meta({ minProperties: 1, maxProperties: LIMITS.labels, propertyNames: { minLength: 1, maxLength: LIMITS.labelChars } });

/** A classify config's verbalizer: a word map with at least two labels. */
export const verbalizerSchema = wordMapSchema.refine((m) => Object.keys(m).length >= 2, 'at least 2 labels').meta({ minProperties: 2 });
export const templateSchema = z
  .string()
  .min(1)
  .max(LIMITS.templateChars)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  .refine((t) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(t), 'control characters (such as NUL) are not allowed in a template');

const aggregation = z.enum(['sum', 'mean_logprob']).default('sum').describe('how label-word probabilities become class scores');

export const classifyOptionsSchema = z
  .object({
    aggregation,
    calibrate: z.boolean().default(false).describe('contextual calibration against content-free inputs'),
    temperature: z
      .number()
      .min(0.05)
      .max(100)
      .optional()
      .describe('class scores become softmax(log p / temperature): calibrated confidence; absent: a fitted one, else the default (2)'),
  })
  .strict();

export const nerOptionsSchema = z
  .object({
    aggregation,
    calibrate: z.boolean().default(false),
    none_words: z.array(labelWordSchema).max(LIMITS.wordsPerLabel).default([]).describe('label words of the "not an entity" class'),
    threshold: z.number().min(0).max(1).default(0.5).describe('minimum probability of the winning type'),
    spans: z
      .enum(['names', 'ngrams'])
      .default('names')
      .describe(
        '"names": each run of capitalized words is one candidate, its parts asked only when the whole is not an entity; "ngrams": every n-gram competes',
      ),
    max_span_words: z.number().int().min(1).max(LIMITS.maxSpanWords).default(3),
    capitalized: z.boolean().default(true).describe('only spans whose words are capitalized'),
    trim_stopwords: z.boolean().default(true).describe('drop spans starting or ending with a stopword'),
    max_spans: z.number().int().min(1).max(LIMITS.maxSpans).default(64),
    context_words: z
      .number()
      .int()
      .min(0)
      .max(256)
      .default(0)
      .describe('{text} becomes this many words either side of the span (0 = the whole text); shorter prompts, faster NER'),
    evidence: z
      .boolean()
      .default(false)
      .describe(
        'newswire-aware names (headlines truecased, trailing numbers trimmed, "X of Y" joins split) typed by a model over the prompt\'s probabilities plus word-list, layout and context evidence, with per-type thresholds; needs the person/location/organization/misc types and spans "names"',
      ),
    context_ensemble: z
      .array(z.number().int().min(0).max(256))
      .max(3)
      .default([])
      .describe(
        'more views of each span, averaged with the main one: N words of context either side (0 = the whole text); each view adds a prompt row per span',
      ),
  })
  .strict();

const exampleText = z.string().min(1).max(EXAMPLE_LIMITS.textChars);

export const classifyExampleSchema = z.object({ text: exampleText, label: labelNameSchema }).strict();

export const nerExampleSchema = z
  .object({
    text: exampleText,
    entities: z
      .array(z.object({ start: z.number().int().min(0), end: z.number().int().min(1), type: labelNameSchema }).strict())
      .max(EXAMPLE_LIMITS.entitiesPerText),
  })
  .strict();

const finite = z.number().finite();

/** Per-word evidence of the label-word search: how well a word's log-probability at the mask separates one class from the rest. */
const wordEvidence = z.object({ word: z.string(), score: finite, mean_in: finite, mean_out: finite }).strict();

/**
 * What the fit step learned from `examples` (see src/core/fewshot). Stored inside the config,
 * so it is part of the content hash and answers identically wherever the config runs.
 * Class scores become softmax(W · ((x − center) / scale) + bias) with x = [log P(class) from
 * the verbalizer…, log P(feature word) at the mask…].
 */
export const learnedSchema = z
  .object({
    method: z.enum(['zero_shot', 'calibration', 'head']),
    features: z.array(labelWordSchema).max(256),
    center: z.array(finite).max(512),
    scale: z.array(finite).max(512),
    weights: z.array(z.array(finite).max(512)).max(LIMITS.labels + 1),
    bias: z.array(finite).max(LIMITS.labels + 1),
    thresholds: z.record(labelNameSchema, z.number().min(0).max(1)).optional(),
    ngrams: z
      .array(
        z
          .string()
          .min(3)
          .max(2 * LIMITS.wordChars + 3),
      )
      .max(512)
      .optional()
      .describe('text n-grams the head reads: "w:word", "w:word word" (bigram), "c:abc" (character trigram of a word, "<"/">" its edges)'),
    ngram_weights: z
      .array(z.array(finite).max(512))
      .max(LIMITS.labels + 1)
      .optional()
      .describe('one row per class: what each n-gram present in the text adds to its logit (× 1/√hits)'),
    temperature: z
      .number()
      .min(0.05)
      .max(100)
      .optional()
      .describe('class logits are divided by it (chosen by cross-validation on the examples): calibrated scores'),
    label_words: z.record(labelNameSchema, z.array(wordEvidence).max(20)),
    fit: z
      .object({
        examples: z.number().int(),
        rows: z.number().int(),
        folds: z.number().int(),
        lambda: finite,
        chosen: z
          .string()
          .max(32)
          .optional()
          .describe(
            'the candidate kept: zero_shot, calibration, head_classes (a head over the class scores only), head (and mask words), with _ngrams when it reads text n-grams',
          ),
        cv_accuracy: finite.optional(),
        cv_f1: finite.optional(),
        candidates: z
          .array(
            z
              .object({
                method: z.string(),
                lambda: finite,
                score: finite,
                wins: finite.optional().describe('share of bootstrap resamples of the examples on which it beats zero-shot'),
                p: finite.optional().describe('one-sided sign-test p-value of "no better than zero-shot"'),
              })
              .strict(),
          )
          .max(16),
        model: z.string(),
        fitted_on: z.string().describe('content hash of template, words, options, examples and model the state was fitted on'),
      })
      .strict(),
  })
  .strict();

/** How POST /v1/webhooks/{name} finds the text(s) in an arbitrary event payload. */
export const webhookSettingsSchema = z
  .object({
    text_pointer: z
      .string()
      .max(256)
      .regex(/^(\/.*)?$/, 'an RFC 6901 JSON pointer: empty or starting with "/"')
      .describe('RFC 6901 pointer to a text or an array of texts, e.g. /data/review/body (a ?text_pointer= on the URL wins)'),
  })
  .strict();

/** A config's own model: a folder under CLOZE_MODELS_DIR (Node) or the Worker's `models/` assets, e.g. one `cloze-edge tune` wrote. */
export const modelNameSchema = configNameSchema.describe(
  'the model this config runs on: a folder of that name under CLOZE_MODELS_DIR (Worker: under models/ in its assets), e.g. one `cloze-edge tune` wrote; unset: the default model',
);

export const classifyConfigSchema = z
  .object({
    task: z.literal('classify'),
    description: z.string().max(500).optional(),
    template: templateSchema,
    templates: z
      .array(templateSchema)
      .min(1)
      .max(LIMITS.extraTemplates)
      .optional()
      .describe(
        'more templates asked beside `template` (an ensemble): class scores are the mean of their log-probabilities, renormalized; each adds a prompt row per text',
      ),
    verbalizer: verbalizerSchema,
    options: classifyOptionsSchema.default({ aggregation: 'sum', calibrate: false }),
    examples: z.array(classifyExampleSchema).max(EXAMPLE_LIMITS.classify).optional().describe('labelled examples the config is fitted on'),
    learned: learnedSchema.optional().describe('state fitted on `examples` (written by PUT)'),
    webhook: webhookSettingsSchema.optional(),
    model: modelNameSchema.optional(),
  })
  .strict();

export const nerConfigSchema = z
  .object({
    task: z.literal('ner'),
    description: z.string().max(500).optional(),
    template: templateSchema,
    types: wordMapSchema,
    options: nerOptionsSchema.default(nerOptionsSchema.parse({})),
    examples: z.array(nerExampleSchema).max(EXAMPLE_LIMITS.ner).optional().describe('labelled sentences the config is fitted on'),
    learned: learnedSchema.optional().describe('state fitted on `examples` (written by PUT)'),
    webhook: webhookSettingsSchema.optional(),
    model: modelNameSchema.optional(),
  })
  .strict();

export const configSchema = z.discriminatedUnion('task', [classifyConfigSchema, nerConfigSchema]);

export type ClassifyConfig = z.infer<typeof classifyConfigSchema>;
export type NerConfig = z.infer<typeof nerConfigSchema>;
export type PromptConfig = z.infer<typeof configSchema>;
export type PromptConfigInput = z.input<typeof configSchema>;
export type LearnedState = z.infer<typeof learnedSchema>;
export type ClassifyExample = z.infer<typeof classifyExampleSchema>;
export type NerExample = z.infer<typeof nerExampleSchema>;
