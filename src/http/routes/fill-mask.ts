import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps } from '../app-env.js';
import { jsonBody, problemResponses } from '../schemas/common.js';
import { fillMaskRequest, fillMaskResponse } from '../schemas/tasks.js';

const route = createRoute({
  method: 'post',
  path: '/v1/fill-mask',
  tags: ['tasks'],
  summary: 'Top-k vocabulary tokens for each [MASK] in the text',
  request: { body: jsonBody(fillMaskRequest) },
  responses: { 200: { description: 'One list of predictions per mask', content: { 'application/json': { schema: fillMaskResponse } } }, ...problemResponses },
});

export function mountFillMask(app: OpenAPIHono, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const engine = await deps.engine();
    const predictions = await engine.fillMask(body.text, { topK: body.top_k, targets: body.targets }, { signal: c.get('deadline') });
    return c.json({ predictions }, 200);
  });
}
