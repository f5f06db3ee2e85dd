import type { Context, MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
import type { StopSignal } from '../../core/request-scope.js';
import type { HttpOptions } from '../app-env.js';
import { log as processLog } from '../../core/log.js';

/** `x-request-id` on every answer: the caller's own (if sane) or a new UUID. */
export const withRequestId: MiddlewareHandler = requestId({ headerName: 'x-request-id', limitLength: 128 });

/** The caller's address for the log (Node: the socket's peer; Workers: CF-Connecting-IP), when known. */
function clientOf(c: Context, o: HttpOptions): { client?: string } {
  try {
    const client = o.clientAddress?.(c);
    return client ? { client } : {};
  } catch {
    return {}; // no socket (app.request in tests)
  }
}

/**
 * One structured access-log line per request (request id, method, path, status, ms, client address, key id),
 * optionally one more when it starts (`logRequestStart`: finds requests that hang, and tells
 * a supervisor that work is in flight), and the in-flight count that shutdown drains.
 */
export function accessLog(o: HttpOptions): MiddlewareHandler {
  const log = o.log ?? processLog;
  const enabled = o.accessLog ?? true;
  return async (c, next) => {
    const started = performance.now();
    if (o.lifecycle) o.lifecycle.inFlight++;
    if (o.logRequestStart) log('info', { msg: 'request start', request_id: c.get('requestId'), method: c.req.method, path: c.req.path });
    try {
      await next();
    } finally {
      if (o.lifecycle) o.lifecycle.inFlight--;
      if (enabled) {
        log('info', {
          msg: 'request',
          request_id: c.get('requestId'),
          method: c.req.method,
          path: c.req.path,
          status: c.res.status,
          ms: Math.round((performance.now() - started) * 10) / 10,
          ...clientOf(c, o),
          ...(c.get('keyId') ? { key: c.get('keyId') } : {}),
        });
      }
    }
  };
}

declare module 'hono' {
  interface ContextVariableMap {
    /** A short, non-secret id of the caller's API key (hash prefix), once authenticated. */
    keyId?: string;
    /** Aborted at the request's deadline or when shutdown cuts work. */
    deadline?: StopSignal;
  }
}
