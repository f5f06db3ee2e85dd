import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { configNameSchema, configSchema } from '../../core/config/schema.js';
import { ClozeError } from '../../core/errors.js';
import type { AppDeps } from '../app-env.js';
import { jsonBody, problemResponses, problemSchema } from '../schemas/common.js';

const storedConfig = z
  .object({
    name: z.string(),
    hash: z.string().openapi({ description: 'content hash of the config document' }),
    preset: z.boolean(),
    updated_at: z.string().optional(),
    config: z.record(z.string(), z.unknown()).openapi({ description: 'the config document (task, template, verbalizer | types, options)' }),
  })
  .openapi('StoredConfig');

const summary = z
  .object({ name: z.string(), task: z.string(), hash: z.string(), preset: z.boolean(), description: z.string().optional() })
  .openapi('ConfigSummary');

const nameParam = z.object({ name: configNameSchema });
const notFound = { 404: { description: 'No such config', content: { 'application/problem+json': { schema: problemSchema } } } };

const list = createRoute({
  method: 'get',
  path: '/v1/configs',
  tags: ['configs'],
  summary: 'Presets and stored configs',
  responses: { 200: { description: 'All configs', content: { 'application/json': { schema: z.object({ configs: z.array(summary) }) } } } },
});
const get = createRoute({
  method: 'get',
  path: '/v1/configs/{name}',
  tags: ['configs'],
  summary: 'One config',
  request: { params: nameParam },
  responses: { 200: { description: 'The config', content: { 'application/json': { schema: storedConfig } } }, ...notFound, 422: problemResponses[422] },
});
const put = createRoute({
  method: 'put',
  path: '/v1/configs/{name}',
  tags: ['configs'],
  summary: 'Create or replace a config (validated and compiled against the model first)',
  request: { params: nameParam, body: jsonBody(configSchema) },
  responses: {
    200: { description: 'Replaced', content: { 'application/json': { schema: storedConfig } } },
    201: { description: 'Created', content: { 'application/json': { schema: storedConfig } } },
    409: { description: 'Presets are read-only', content: { 'application/problem+json': { schema: problemSchema } } },
    ...problemResponses,
  },
});
const del = createRoute({
  method: 'delete',
  path: '/v1/configs/{name}',
  tags: ['configs'],
  summary: 'Delete a stored config',
  request: { params: nameParam },
  responses: {
    204: { description: 'Deleted' },
    409: { description: 'Presets are read-only', content: { 'application/problem+json': { schema: problemSchema } } },
    ...notFound,
    422: problemResponses[422],
  },
});

export function mountConfigs(app: OpenAPIHono, deps: AppDeps): void {
  app.openapi(list, async (c) => {
    const engine = await deps.engine();
    const configs = (await engine.configs.list()).map((s) => ({
      name: s.name,
      task: s.config.task,
      hash: s.hash,
      preset: s.preset,
      ...(s.config.description ? { description: s.config.description } : {}),
    }));
    return c.json({ configs }, 200);
  });

  app.openapi(get, async (c) => {
    const { name } = c.req.valid('param');
    const engine = await deps.engine();
    const stored = await engine.configs.get(name);
    if (!stored) throw new ClozeError('config_not_found', `no config named "${name}"`, { field: 'name' });
    return c.json(stored, 200);
  });

  app.openapi(put, async (c) => {
    const { name } = c.req.valid('param');
    const engine = await deps.engine();
    const existed = (await engine.configs.get(name)) !== undefined;
    const stored = await engine.putConfig(name, c.req.valid('json'));
    return c.json(stored, existed ? 200 : 201);
  });

  app.openapi(del, async (c) => {
    const { name } = c.req.valid('param');
    const engine = await deps.engine();
    if (!(await engine.configs.delete(name))) throw new ClozeError('config_not_found', `no config named "${name}"`, { field: 'name' });
    return c.body(null, 204);
  });
}
