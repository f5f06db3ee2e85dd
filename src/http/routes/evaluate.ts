import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { configNameSchema, labelNameSchema, nerExampleSchema } from '../../core/config/schema.js';
import { LIMITS } from '../../core/limits.js';
import { evaluateRows } from '../../core/evaluate/evaluate-rows.js';
import type { AppDeps } from '../app-env.js';
import { jsonBody, problemResponses, textSchema } from '../schemas/common.js';

/** Rows per evaluate request (LIMITS): classify rows cost one prompt each, NER rows up to max_spans prompts each. */
const evaluateRequest = z
  .object({
    config: configNameSchema.describe('stored or preset config to score'),
    rows: z
      .array(z.object({ text: textSchema, label: labelNameSchema.optional(), entities: nerExampleSchema.shape.entities.optional() }).strict())
      .min(1)
      .max(LIMITS.evalRows)
      .openapi({ description: `labelled rows: {text, label} for classify (≤ ${LIMITS.evalRows}), {text, entities} for NER (≤ ${LIMITS.evalNerRows})` }),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.rows.length > LIMITS.evalNerRows && body.rows.some((r) => r.entities !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['rows'], message: `at most ${LIMITS.evalNerRows} NER rows per request` });
    }
  })
  .openapi('EvaluateRequest', {
    example: {
      config: 'sentiment',
      rows: [
        { text: 'A wonderful film.', label: 'positive' },
        { text: 'Dull and far too long.', label: 'negative' },
      ],
    },
  });

const prf = z.object({ precision: z.number(), recall: z.number(), f1: z.number() });
const evaluateResponse = z
  .object({
    task: z.enum(['classify', 'ner']),
    n: z.number().int(),
    metrics: z.union([
      z.object({ accuracy: z.number(), macro_f1: z.number(), labels: z.array(z.string()), confusion: z.array(z.array(z.number().int())) }),
      prf.extend({ span_f1: z.number(), per_type: z.record(z.string(), prf.extend({ support: z.number().int() })) }),
    ]),
    predictions: z.array(z.string()).optional(),
  })
  .openapi('EvaluateResponse');

const route = createRoute({
  method: 'post',
  path: '/v1/evaluate',
  tags: ['tasks'],
  summary: 'Score a config on a few labelled rows (accuracy, macro-F1, confusion; exact-span P/R/F1 for NER)',
  request: { body: jsonBody(evaluateRequest) },
  responses: { 200: { description: 'Metrics', content: { 'application/json': { schema: evaluateResponse } } }, ...problemResponses },
});

export function mountEvaluate(app: OpenAPIHono, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const engine = await deps.engine();
    const r = await evaluateRows(engine, { name: body.config }, body.rows, { signal: c.get('deadline') });
    if (r.task === 'classify') {
      const m = r.metrics;
      return c.json(
        { task: r.task, n: r.n, metrics: { accuracy: m.accuracy, macro_f1: m.macroF1, labels: m.labels, confusion: m.confusion }, predictions: r.predictions },
        200,
      );
    }
    const m = r.metrics;
    return c.json({ task: r.task, n: r.n, metrics: { precision: m.precision, recall: m.recall, f1: m.f1, span_f1: m.spanF1, per_type: m.perType } }, 200);
  });
}
