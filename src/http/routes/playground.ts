import type { OpenAPIHono } from '@hono/zod-openapi';
import { PLAYGROUND_HTML } from '../playground/page-html.js';

/** GET /playground: the interactive page (same bytes on Node and workerd; not part of the API schema). */
export function mountPlayground(app: OpenAPIHono): void {
  app.get('/playground', (c) =>
    c.html(PLAYGROUND_HTML, 200, {
      'cache-control': 'no-cache',
      'content-security-policy':
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'",
    }),
  );
}
