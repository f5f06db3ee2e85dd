import type { OpenAPIHono } from '@hono/zod-openapi';
import { Scalar } from '@scalar/hono-api-reference';
import { ClozeError } from '../../core/errors.js';
import type { AppDeps } from '../app-env.js';
import { problemJson } from '../problem.js';

export type OpenApiInfo = Parameters<OpenAPIHono['getOpenAPI31Document']>[0]['info'];

/**
 * GET /openapi.json: the OpenAPI 3.1 document, generated from the route schemas on the first
 * call and then served as the same bytes (generating it costs milliseconds of CPU).
 * GET /docs: Scalar's API reference; its script is the pinned bundle this runtime serves at
 * /docs/scalar.js (no CDN), and both URLs are relative, so the pages work under a mount prefix.
 */
export function mountDocs(app: OpenAPIHono, deps: AppDeps, info: OpenApiInfo): void {
  let document: string | undefined;
  app.get('/openapi.json', (c) => {
    document ??= JSON.stringify(app.getOpenAPI31Document({ openapi: '3.1.0', info }));
    return c.body(document, 200, { 'content-type': 'application/json' });
  });
  app.get('/docs', Scalar({ url: 'openapi.json', cdn: 'docs/scalar.js', pageTitle: `${info.title} API`, withDefaultFonts: false }));
  app.get('/docs/scalar.js', async (c) => {
    const script = await deps.docsScript?.();
    if (!script) return problemJson(c, new ClozeError('not_found', 'the API reference script is not available in this build', { field: 'path' }));
    return c.body(script as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=86400' });
  });
}
