import { OpenAPIHono } from '@hono/zod-openapi';
import { ClozeError } from '../core/errors.js';
import { zodToClozeError } from '../core/engine.js';
import { cors } from 'hono/cors';
import type { AppDeps, HttpOptions } from './app-env.js';
import { log as processLog } from '../core/log.js';
import { apiKeyAuth } from './middleware/auth.js';
import { deadline } from './middleware/deadline.js';
import { limitBody, requireJson } from './middleware/json-body.js';
import { rateLimit } from './middleware/rate-limit.js';
import { accessLog, withRequestId } from './middleware/request-log.js';
import { problemJson, toClozeError } from './problem.js';
import { httpStatus } from './status.js';
import { mountClassify } from './routes/classify.js';
import { mountConfigs } from './routes/configs.js';
import { mountDocs } from './routes/docs.js';
import { mountDiagnose } from './routes/diagnose.js';
import { mountEvaluate } from './routes/evaluate.js';
import { mountFillMask } from './routes/fill-mask.js';
import { mountHealth } from './routes/health.js';
import { mountNer } from './routes/ner.js';
import { mountPlayground } from './routes/playground.js';

export const API_VERSION = '0.1.0';

export const DEFAULT_DEADLINE_MS = 30_000;

/**
 * The whole HTTP API as one Hono app, shared by every runtime entry (Node server, Worker,
 * Pages Functions). Validation failures and engine errors become problem+json; every answer
 * carries `x-request-id`; unexpected errors are logged with their stack and request id.
 * `options` adds API keys, rate limits, CORS and the request deadline (see HttpOptions).
 */
export function createApp(deps: AppDeps, options: HttpOptions = {}): OpenAPIHono {
  const log = options.log ?? processLog;
  const app = new OpenAPIHono({
    defaultHook: (result) => {
      if (!result.success) throw zodToClozeError(result.error.issues);
    },
  });
  app.onError((err, c) => {
    const problem = toClozeError(err);
    // finalized: the caller already got its answer (504 or 503 at the deadline or shutdown);
    // this is the abandoned handler stopping, not a new failure
    if (httpStatus(problem) >= 500 && !c.finalized) {
      const unexpected = problem.code === 'internal';
      log(unexpected ? 'error' : 'warn', {
        msg: unexpected ? 'unexpected error' : problem.message,
        request_id: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
        code: problem.code,
        error: err instanceof Error ? err.message : String(err),
        // a typed 5xx (integration off, queue full, model not ready) is a known state: its code says
        // all, and a stack per request would let a client flood the log
        ...(unexpected && { stack: err instanceof Error ? err.stack : undefined }),
      });
    }
    return problemJson(c, problem);
  });
  app.notFound((c) => problemJson(c, new ClozeError('not_found', `no route ${c.req.method} ${c.req.path}`, { field: 'path' })));
  app.use('*', withRequestId, accessLog(options));
  if (options.corsOrigins?.length) {
    const origins = [...options.corsOrigins];
    app.use(
      '*',
      cors({
        origin: origins.includes('*') ? '*' : origins,
        allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
        allowHeaders: ['authorization', 'content-type', 'if-match', 'x-request-id'],
        exposeHeaders: ['x-request-id', 'etag', 'retry-after'],
        maxAge: 600,
      }),
    );
  }
  app.use('/v1/*', apiKeyAuth({ ...options, exemptPrefixes: (deps.routes ?? []).flatMap((r) => r.authExemptPrefixes ?? []) }));
  if (options.rateLimiter) app.use('/v1/*', rateLimit(options.rateLimiter, options.clientAddress));
  app.use('/v1/*', deadline(options.deadlineMs ?? DEFAULT_DEADLINE_MS, options.lifecycle));
  app.use('/v1/*', limitBody, requireJson);

  mountHealth(app, deps, options.lifecycle);
  mountFillMask(app, deps);
  mountClassify(app, deps);
  mountNer(app, deps);
  mountConfigs(app, deps);
  for (const routes of deps.routes ?? []) routes.mount(app, deps);
  mountDiagnose(app, deps);
  mountEvaluate(app, deps);

  mountDocs(app, deps, {
    title: 'cloze-edge',
    version: API_VERSION,
    description: 'Zero-shot classification, NER and fill-mask by prompting a masked language model.',
  });
  mountPlayground(app);
  return app;
}
