import type { HttpOptions } from '../http/app-env.js';
import type { SharedEnv } from './env-schema.js';

/** The HTTP layer's options from the validated environment (both runtimes). */
export function httpOptionsFromEnv(env: SharedEnv): HttpOptions {
  return {
    ...(env.CLOZE_API_KEYS ? { apiKeys: env.CLOZE_API_KEYS } : {}),
    ...(env.CLOZE_ADMIN_KEYS ? { adminKeys: env.CLOZE_ADMIN_KEYS } : {}),
    ...(env.CLOZE_CORS_ORIGINS ? { corsOrigins: env.CLOZE_CORS_ORIGINS } : {}),
    ...(env.CLOZE_DEADLINE_MS !== undefined ? { deadlineMs: env.CLOZE_DEADLINE_MS } : {}),
    ...(env.CLOZE_ACCESS_LOG !== undefined ? { accessLog: env.CLOZE_ACCESS_LOG } : {}),
    ...(env.CLOZE_LOG_REQUEST_START !== undefined ? { logRequestStart: env.CLOZE_LOG_REQUEST_START } : {}),
  };
}

/** Says at startup which protections are on, without printing any secret. */
export function describeSecurity(o: HttpOptions): string {
  const keys = o.apiKeys?.length ? `${o.apiKeys.length} API key(s)` : 'open (no CLOZE_API_KEYS)';
  const admin = o.adminKeys?.length ? `config writes need one of ${o.adminKeys.length} admin key(s)` : 'config writes need no admin key';
  return `auth: ${keys}; ${admin}; rate limit: ${o.rateLimiter ? 'on' : 'off'}; CORS: ${o.corsOrigins?.join(',') ?? 'off'}`;
}
