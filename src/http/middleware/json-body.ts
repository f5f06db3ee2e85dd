import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ClozeError } from '../../core/errors.js';

export const MAX_BODY_BYTES = 512 * 1024;

/** POST/PUT bodies must be JSON (415 otherwise) and at most MAX_BODY_BYTES (413). */
export const requireJson: MiddlewareHandler = async (c, next) => {
  if (c.req.method === 'POST' || c.req.method === 'PUT') {
    const type = c.req.header('content-type') ?? '';
    if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type)) {
      throw new ClozeError('unsupported_media_type', `send the body as application/json (got "${type || 'no content-type'}")`, { field: 'content-type' });
    }
  }
  await next();
};

export const limitBody: MiddlewareHandler = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new ClozeError('payload_too_large', `request body is larger than ${MAX_BODY_BYTES} bytes`, { field: 'body' });
  },
});
