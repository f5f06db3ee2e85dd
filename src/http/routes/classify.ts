import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps } from '../app-env.js';
import { jsonBody, problemResponses } from '../schemas/common.js';
import { classifyRequest, classifyResponse } from '../schemas/tasks.js';
import { configRefFrom, textsOf } from './config-ref.js';

const route = createRoute({
  method: 'post',
  path: '/v1/classify',
  tags: ['tasks'],
  summary: 'Zero-shot classification with a template and a verbalizer',
  request: { body: jsonBody(classifyRequest) },
  responses: {
    200: { description: 'Label and per-class probabilities (or `results` for `texts`)', content: { 'application/json': { schema: classifyResponse } } },
    ...problemResponses,
  },
});

export function mountClassify(app: OpenAPIHono, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const { texts, many } = textsOf(body);
    const ref = configRefFrom(body, 'classify', 'sentiment');
    const engine = await deps.engine();
    const explain = body.explain === true ? 5 : body.explain === false ? 0 : (body.explain ?? 0);
    const results = await engine.classify(ref, texts, { calibrate: body.calibrate, explain }, { signal: c.get('deadline') });
    return c.json(many ? { results } : results[0]!, 200);
  });
}
