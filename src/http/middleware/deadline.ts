import type { MiddlewareHandler } from 'hono';
import { ClozeError } from '../../core/errors.js';
import type { Lifecycle } from '../app-env.js';

/**
 * A deadline per request: after `ms` the request's signal aborts (its engine work stops at
 * the next model call) and the caller gets 504 `deadline_exceeded` at once. The signal also
 * aborts when shutdown cuts in-flight work (503 `shutting_down`); once shutdown has begun,
 * new calls get that 503 at once.
 */
export function deadline(ms: number, lifecycle?: Lifecycle): MiddlewareHandler {
  return async (c, next) => {
    if (lifecycle?.draining) throw new ClozeError('shutting_down', 'the server is shutting down; retry on another instance', { retryAfterS: 1 });
    const controller = new AbortController();
    let onAbort: () => void = () => undefined;
    const stopped = new Promise<never>((_, reject) => {
      onAbort = () => reject(controller.signal.reason);
      controller.signal.addEventListener('abort', onAbort, { once: true });
    });
    stopped.catch(() => undefined);
    const timer = setTimeout(() => controller.abort(new ClozeError('deadline_exceeded', `the request took longer than its ${ms} ms deadline`)), ms);
    lifecycle?.requests.add(controller);
    c.set('deadline', controller.signal);
    try {
      await Promise.race([next(), stopped]);
    } finally {
      clearTimeout(timer);
      lifecycle?.requests.delete(controller);
      controller.signal.removeEventListener('abort', onAbort);
    }
  };
}
