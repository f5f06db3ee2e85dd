import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { configNameSchema } from '../../core/config/schema.js';
import { diagnoseVerbalizer } from '../../core/diagnose/diagnose-verbalizer.js';
import type { AppDeps } from '../app-env.js';
import { problemResponses } from '../schemas/common.js';

const word = z.object({
  label: z.string(),
  word: z.string(),
  pieces: z.array(z.string()),
  token_ids: z.array(z.number().int()),
  prior: z.number().openapi({ description: 'probability at the mask for content-free inputs' }),
  wins: z.number().int().openapi({ description: 'probes on which this is the most probable label word' }),
  warnings: z.array(z.string()),
});
const diagnosis = z
  .object({
    name: z.string(),
    labels: z.array(z.string()),
    class_prior: z.record(z.string(), z.number()),
    probes: z.number().int(),
    templates: z.number().int().openapi({ description: 'templates each probe is asked through (`template` plus `templates`); word scores are their mean' }),
    words: z.array(word),
    warnings: z.array(z.string()),
  })
  .openapi('VerbalizerDiagnosis');

const route = createRoute({
  method: 'get',
  path: '/v1/configs/{name}/diagnose',
  tags: ['configs'],
  summary: 'Verbalizer diagnostics: tokenization of each label word, priors, words that never win',
  request: { params: z.object({ name: configNameSchema }) },
  responses: {
    200: { description: 'Diagnostics', content: { 'application/json': { schema: diagnosis } } },
    404: problemResponses[404],
    422: problemResponses[422],
  },
});

export function mountDiagnose(app: OpenAPIHono, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const { name } = c.req.valid('param');
    const engine = await deps.engine();
    const stored = await engine.getConfig(name);
    const { compiled, model } = await engine.resolveWithModel({ name }, stored?.config.task ?? 'classify', 'name');
    return c.json({ name, ...(await diagnoseVerbalizer(model, compiled, { signal: c.get('deadline') })) }, 200);
  });
}
