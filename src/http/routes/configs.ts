import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { configNameSchema, configSchema } from '../../core/config/schema.js';
import { ClozeError } from '../../core/errors.js';
import type { AppDeps } from '../app-env.js';
import { jsonBody, problemResponses, problemSchema } from '../schemas/common.js';
import { log } from '../../core/log.js';

const storedConfig = z
  .object({
    name: z.string(),
    hash: z.string().openapi({ description: 'content hash of the config document' }),
    preset: z.boolean(),
    updated_at: z.string().optional(),
    config: z.record(z.string(), z.unknown()).openapi({ description: 'the config document (task, template, verbalizer | types, options)' }),
  })
  .openapi('StoredConfig');

const invalidEntry = z
  .object({ name: z.string(), problem: z.string() })
  .openapi('InvalidConfig', { description: 'a stored document that no longer validates: skipped, and deletable' });

const ifMatch = z.object({
  'if-match': z.string().optional().openapi({ description: 'write only if the current ETag matches (`*`: only if it exists); 412 otherwise' }),
});
const etagHeader = { ETag: { description: 'entity tag of this stored version', schema: { type: 'string' as const } } };
const preconditionFailed = {
  412: { description: 'If-Match does not match the current version', content: { 'application/problem+json': { schema: problemSchema } } },
};

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
  responses: {
    200: {
      description: 'All configs; stored documents that no longer validate are listed under `invalid`',
      content: { 'application/json': { schema: z.object({ configs: z.array(summary), invalid: z.array(invalidEntry).optional() }) } },
    },
  },
});
const get = createRoute({
  method: 'get',
  path: '/v1/configs/{name}',
  tags: ['configs'],
  summary: 'One config',
  request: { params: nameParam },
  responses: {
    200: { description: 'The config', headers: etagHeader, content: { 'application/json': { schema: storedConfig } } },
    ...notFound,
    409: {
      description: 'The stored document no longer validates (`config_invalid`): PUT or DELETE it',
      content: { 'application/problem+json': { schema: problemSchema } },
    },
    422: problemResponses[422],
  },
});
const put = createRoute({
  method: 'put',
  path: '/v1/configs/{name}',
  tags: ['configs'],
  summary: 'Create or replace a config (validated and compiled against the model first)',
  request: { params: nameParam, headers: ifMatch, body: jsonBody(configSchema) },
  responses: {
    200: { description: 'Replaced', headers: etagHeader, content: { 'application/json': { schema: storedConfig } } },
    201: { description: 'Created', headers: etagHeader, content: { 'application/json': { schema: storedConfig } } },
    409: { description: 'Presets are read-only', content: { 'application/problem+json': { schema: problemSchema } } },
    ...preconditionFailed,
    ...problemResponses,
  },
});
const del = createRoute({
  method: 'delete',
  path: '/v1/configs/{name}',
  tags: ['configs'],
  summary: 'Delete a stored config',
  request: { params: nameParam, headers: ifMatch },
  responses: {
    204: { description: 'Deleted' },
    409: { description: 'Presets are read-only', content: { 'application/problem+json': { schema: problemSchema } } },
    ...preconditionFailed,
    ...notFound,
    422: problemResponses[422],
  },
});

/** Stored documents skipped by listings, logged once per name and problem (not on every list call). */
const MAX_REMEMBERED_SKIPS = 1_024;

export function mountConfigs(app: OpenAPIHono, deps: AppDeps): void {
  const warned = new Set<string>();
  app.openapi(list, async (c) => {
    const engine = await deps.engine();
    const listing = await engine.listConfigs();
    const fresh = listing.invalid.filter((i) => !warned.has(`${i.name}\n${i.problem}`));
    if (fresh.length > 0) {
      if (warned.size + fresh.length > MAX_REMEMBERED_SKIPS) warned.clear();
      for (const i of fresh) warned.add(`${i.name}\n${i.problem}`);
      log('warn', { msg: 'stored configs skipped', request_id: c.get('requestId'), invalid: fresh });
    }
    const configs = listing.configs.map((s) => ({
      name: s.name,
      task: s.config.task,
      hash: s.hash,
      preset: s.preset,
      ...(s.config.description ? { description: s.config.description } : {}),
    }));
    return c.json({ configs, ...(listing.invalid.length > 0 ? { invalid: listing.invalid } : {}) }, 200);
  });

  app.openapi(get, async (c) => {
    const { name } = c.req.valid('param');
    const engine = await deps.engine();
    const stored = await engine.getConfig(name);
    if (!stored) throw new ClozeError('config_not_found', `no config named "${name}"`, { field: 'name' });
    const { etag, ...body } = stored;
    if (etag) c.header('ETag', etag);
    return c.json(body, 200);
  });

  app.openapi(put, async (c) => {
    const { name } = c.req.valid('param');
    const condition = { ifMatch: c.req.valid('header')['if-match'] };
    const engine = await deps.engine();
    const { stored, created } = await engine.putConfig(name, c.req.valid('json'), condition, { signal: c.get('deadline') });
    const { etag, ...body } = stored;
    if (etag) c.header('ETag', etag);
    return c.json(body, created ? 201 : 200);
  });

  app.openapi(del, async (c) => {
    const { name } = c.req.valid('param');
    const condition = { ifMatch: c.req.valid('header')['if-match'] };
    const engine = await deps.engine();
    if (!(await engine.deleteConfig(name, condition))) throw new ClozeError('config_not_found', `no config named "${name}"`, { field: 'name' });
    return c.body(null, 204);
  });
}
