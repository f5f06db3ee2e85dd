import type { MiddlewareHandler } from 'hono';
import { ClozeError } from '../../core/errors.js';
import type { HttpOptions, RateLimiter } from '../app-env.js';

/** 429 + Retry-After once a caller (its key id, else its address) is over its rate. */
export function rateLimit(limiter: RateLimiter, clientAddress: HttpOptions['clientAddress']): MiddlewareHandler {
  return async (c, next) => {
    const key = c.get('keyId') ?? `addr:${clientAddress?.(c) ?? 'unknown'}`;
    const { success, retryAfterS } = await limiter.limit(key);
    if (!success) throw new ClozeError('rate_limited', `too many requests; retry in ${retryAfterS} s`, { retryAfterS });
    return next();
  };
}
