import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type {} from 'hono/request-id';
import { ClozeError } from '../core/errors.js';
import { httpStatus } from './status.js';

export const PROBLEM_BASE = 'https://cloze-edge.dev/problems/';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * An RFC 9457 problem document for a ClozeError, echoing the request id (`request_id`);
 * `Retry-After` when the error says when to retry, `WWW-Authenticate` on 401.
 */
export function problemJson(c: Context, err: ClozeError): Response {
  const requestId = c.get('requestId') as string | undefined;
  const status = httpStatus(err);
  const body = {
    type: `${PROBLEM_BASE}${err.code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail: err.message,
    code: err.code,
    ...(err.field !== undefined ? { field: err.field } : {}),
    ...(err.issues ? { errors: err.issues } : {}),
    ...(requestId ? { request_id: requestId } : {}),
  };
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (err.retryAfterS !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(err.retryAfterS)));
  if (status === 401) headers['www-authenticate'] = 'Bearer';
  return c.body(JSON.stringify(body), status, headers);
}

/** Maps anything thrown in a handler to a problem document; stack traces never reach callers. */
export function toClozeError(err: unknown): ClozeError {
  if (err instanceof ClozeError) return err;
  if (err instanceof HTTPException) {
    if (err.status === 400 && /json/i.test(err.message)) return new ClozeError('invalid_json', 'request body is not valid JSON', { field: 'body' });
    if (err.status === 413) return new ClozeError('payload_too_large', 'request body is too large', { field: 'body' });
    if (err.status === 415) return new ClozeError('unsupported_media_type', err.message, { field: 'content-type' });
    if (err.status === 400) return new ClozeError('validation_failed', err.message, { field: 'body' });
  }
  return new ClozeError('internal', 'internal error');
}
