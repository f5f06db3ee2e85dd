import type { MiddlewareHandler } from 'hono';
import { ClozeError } from '../../core/errors.js';
import type { StopSignal } from '../../core/request-scope.js';
import type { Abortable, Lifecycle } from '../app-env.js';

/**
 * One request's stop signal: what the engine reads (`aborted`, `reason`) and what shutdown
 * calls (`abort`). A plain object instead of an AbortController: on Node 20 making an
 * AbortSignal (an EventTarget made transferable) and listening on it took ~3 % of a loaded
 * server's CPU, a tenth of everything besides the model pass (measured with --cpu-prof).
 */
class RequestDeadline implements StopSignal, Abortable {
  aborted = false;
  reason: unknown = undefined;
  /** Settles the race in the middleware at once (set by it). */
  onAbort: (reason: unknown) => void = () => undefined;

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.onAbort(reason);
  }
}

/**
 * A deadline per request: after `ms` the request's signal aborts (its engine work stops at
 * the next model call) and the caller gets 504 `deadline_exceeded` at once. The signal also
 * aborts when shutdown cuts in-flight work (503 `shutting_down`); once shutdown has begun,
 * new calls get that 503 at once.
 */
export function deadline(ms: number, lifecycle?: Lifecycle): MiddlewareHandler {
  return async (c, next) => {
    if (lifecycle?.draining) throw new ClozeError('shutting_down', 'the server is shutting down; retry on another instance', { retryAfterS: 1 });
    const request = new RequestDeadline();
    const stopped = new Promise<never>((_, reject) => {
      request.onAbort = reject;
    });
    stopped.catch(() => undefined);
    const timer = setTimeout(() => request.abort(new ClozeError('deadline_exceeded', `the request took longer than its ${ms} ms deadline`)), ms);
    lifecycle?.requests.add(request);
    c.set('deadline', request);
    try {
      await Promise.race([next(), stopped]);
    } finally {
      clearTimeout(timer);
      lifecycle?.requests.delete(request);
    }
  };
}
