import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps } from '../app-env.js';
import { jsonBody, problemResponses } from '../schemas/common.js';
import { nerRequest, nerResponse } from '../schemas/tasks.js';
import { configRefFrom, textsOf } from './config-ref.js';

const route = createRoute({
  method: 'post',
  path: '/v1/ner',
  tags: ['tasks'],
  summary: 'Zero-shot named entities with character offsets',
  request: { body: jsonBody(nerRequest) },
  responses: {
    200: { description: 'Entities (or `results` for `texts`)', content: { 'application/json': { schema: nerResponse } } },
    ...problemResponses,
  },
});

export function mountNer(app: OpenAPIHono, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const { texts, many } = textsOf(body);
    const ref = configRefFrom(body, 'ner', 'ner');
    const engine = await deps.engine();
    const results = await engine.ner(ref, texts, { signal: c.get('deadline') });
    return c.json(many ? { results } : results[0]!, 200);
  });
}
