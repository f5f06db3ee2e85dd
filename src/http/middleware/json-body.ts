import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ClozeError } from '../../core/errors.js';

export const MAX_BODY_BYTES = 512 * 1024;

/** `application/json ; charset=UTF-8` → `application/json; charset=UTF-8`: the form the route validators accept. */
export function canonicalMediaType(type: string): string {
  const [essence = '', ...params] = type.split(';');
  const kept = params.map((p) => p.trim().replace(/\s*=\s*/, '=')).filter((p) => /^[\w.+-]+=[^;\s]+$/.test(p));
  return [essence.trim().toLowerCase(), ...kept].join('; ');
}

/**
 * POST/PUT bodies must be JSON (415 otherwise) and at most MAX_BODY_BYTES (413). A JSON
 * content type with unusual spacing or parameters is rewritten to its canonical form, so
 * `application/json ; charset=utf-8` is accepted like `application/json`.
 */
export const requireJson: MiddlewareHandler = async (c, next) => {
  if (c.req.method === 'POST' || c.req.method === 'PUT') {
    const type = c.req.header('content-type') ?? '';
    if (!/^\s*application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type)) {
      throw new ClozeError('unsupported_media_type', `send the body as application/json (got "${type || 'no content-type'}")`, { field: 'content-type' });
    }
    const canonical = canonicalMediaType(type);
    if (canonical !== type) {
      const headers = new Headers(c.req.raw.headers);
      headers.set('content-type', canonical);
      c.req.raw = new Request(c.req.raw, { headers });
    }
  }
  await next();
};

function tooLarge(): never {
  throw new ClozeError('payload_too_large', `request body is larger than ${MAX_BODY_BYTES} bytes`, { field: 'body' });
}

const streamedLimit: MiddlewareHandler = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });

/**
 * Bodies over MAX_BODY_BYTES get 413. A body with a Content-Length (and no
 * Transfer-Encoding) is judged by that header alone, as hono's bodyLimit does, but without
 * first asking for `c.req.raw.body`: on @hono/node-server that turns the lightweight request
 * into a full web Request with a body stream (~5 % of a loaded server's CPU), which the
 * JSON parser then need not have. GET/HEAD carry no body; chunked bodies are counted as
 * they stream (hono's bodyLimit).
 */
export const limitBody: MiddlewareHandler = async (c, next) => {
  const method = c.req.method;
  if (method === 'GET' || method === 'HEAD') return next();
  const length = c.req.header('content-length');
  if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
    if (parseInt(length, 10) > MAX_BODY_BYTES) tooLarge();
    return next();
  }
  return streamedLimit(c, next);
};
