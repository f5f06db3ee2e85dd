import type { Context, MiddlewareHandler } from 'hono';
import { sha256 } from 'hono/utils/crypto';
import { timingSafeEqual } from 'hono/utils/buffer';
import { ClozeError } from '../../core/errors.js';
import type { RateLimiter } from '../app-env.js';

export interface AuthOptions {
  apiKeys?: readonly string[];
  adminKeys?: readonly string[];
  /** With a rate limiter, failed attempts count against the caller's address: no unbounded key guessing. */
  rateLimiter?: RateLimiter;
  clientAddress?: (c: Context) => string | undefined;
  /** Paths that authenticate themselves (signed webhooks; see RouteModule). */
  exemptPrefixes?: readonly string[];
}

const isConfigWrite = (c: Context): boolean => c.req.path.startsWith('/v1/configs/') && c.req.method !== 'GET' && c.req.method !== 'HEAD';

function bearer(c: Context): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
  return m?.[1];
}

/** True when `token` equals one of `keys`; every key is compared, in constant time each. */
async function matches(token: string, keys: readonly string[]): Promise<boolean> {
  const results = await Promise.all(keys.map((k) => timingSafeEqual(k, token)));
  return results.includes(true);
}

/**
 * API keys on `/v1/*` (except self-authenticating webhook paths): with `apiKeys` set every
 * call needs `Authorization: Bearer <key>` (401 otherwise); with `adminKeys` set, config
 * writes need an admin key (401 without a valid key, 403 with a non-admin one). Admin keys
 * pass wherever API keys do. With neither set the API is open.
 */
export function apiKeyAuth(o: AuthOptions): MiddlewareHandler {
  const apiKeys = o.apiKeys ?? [];
  const adminKeys = o.adminKeys ?? [];
  const exempt = o.exemptPrefixes ?? [];
  const refuse = async (c: Context, message: string): Promise<never> => {
    if (o.rateLimiter) {
      const { success, retryAfterS } = await o.rateLimiter.limit(`auth-failed:${o.clientAddress?.(c) ?? 'unknown'}`);
      if (!success) throw new ClozeError('rate_limited', `too many failed authentication attempts; retry in ${retryAfterS} s`, { retryAfterS });
    }
    throw new ClozeError('unauthorized', message, { field: 'authorization' });
  };
  return async (c, next) => {
    if (exempt.some((p) => c.req.path.startsWith(p))) return next();
    const needAdmin = adminKeys.length > 0 && isConfigWrite(c);
    const needKey = apiKeys.length > 0 || needAdmin;
    if (!needKey) return next();
    const token = bearer(c);
    if (!token) return refuse(c, 'send an API key as `Authorization: Bearer <key>`');
    const admin = adminKeys.length > 0 && (await matches(token, adminKeys));
    const user = admin || (apiKeys.length > 0 && (await matches(token, apiKeys)));
    if (!user) return refuse(c, 'the API key is not valid');
    if (needAdmin && !admin) throw new ClozeError('forbidden', 'writing configs needs an admin key (CLOZE_ADMIN_KEYS)', { field: 'authorization' });
    c.set('keyId', `key:${((await sha256(token)) ?? '').slice(0, 12)}`);
    return next();
  };
}
