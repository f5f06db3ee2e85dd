import { OpenAPIHono } from '@hono/zod-openapi';
import { Scalar } from '@scalar/hono-api-reference';
import { ClozeError } from '../core/errors.js';
import { zodToClozeError } from '../core/engine.js';
import type { AppDeps } from './app-env.js';
import { limitBody, requireJson } from './middleware/json-body.js';
import { problemJson, toClozeError } from './problem.js';
import { mountClassify } from './routes/classify.js';
import { mountConfigs } from './routes/configs.js';
import { mountDiagnose } from './routes/diagnose.js';
import { mountEvaluate } from './routes/evaluate.js';
import { mountFillMask } from './routes/fill-mask.js';
import { mountHealth } from './routes/health.js';
import { mountNer } from './routes/ner.js';

export const API_VERSION = '0.1.0';

/**
 * The whole HTTP API as one Hono app, shared by every runtime entry (Node server, Worker,
 * Pages Functions). Validation failures and engine errors become problem+json.
 */
export function createApp(deps: AppDeps): OpenAPIHono {
  const app = new OpenAPIHono({
    defaultHook: (result) => {
      if (!result.success) throw zodToClozeError(result.error.issues);
    },
  });
  app.onError((err, c) => problemJson(c, toClozeError(err)));
  app.notFound((c) => problemJson(c, new ClozeError('not_found', `no route ${c.req.method} ${c.req.path}`, { field: 'path' })));
  app.use('/v1/*', limitBody, requireJson);

  mountHealth(app, deps);
  mountFillMask(app, deps);
  mountClassify(app, deps);
  mountNer(app, deps);
  mountConfigs(app, deps);
  mountDiagnose(app, deps);
  mountEvaluate(app, deps);

  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'cloze-edge',
      version: API_VERSION,
      description: 'Zero-shot classification, NER and fill-mask by prompting a masked language model.',
    },
  });
  app.get('/docs', Scalar({ url: '/openapi.json', pageTitle: 'cloze-edge API' }));
  return app;
}
