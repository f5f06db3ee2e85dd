import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ClozeError } from '../../core/errors.js';
import type { DeliveryResult } from './deliver.js';
import type { Verdict } from './verdict.js';
import { errorFields, log } from '../../core/log.js';

/** Chat payloads are small; anything larger is refused before it is read. */
export const MAX_CHAT_BODY_BYTES = 64 * 1024;

export const limitChatBody: MiddlewareHandler = bodyLimit({
  maxSize: MAX_CHAT_BODY_BYTES,
  onError: () => {
    throw new ClozeError('payload_too_large', `request body is larger than ${MAX_CHAT_BODY_BYTES} bytes`, { field: 'body' });
  },
});

/** The secret an integration needs, or 503 `integration_disabled` naming the variable. */
export function requireSecret(value: string | undefined, variable: string): string {
  if (!value) throw new ClozeError('integration_disabled', `this integration is off: set ${variable}`, { field: variable });
  return value;
}

/** 401 for a request whose signature did not verify; nothing else has been done with it. */
export function requireValid(verdict: Verdict, header: string): void {
  if (!verdict.ok) throw new ClozeError('signature_invalid', `request signature rejected: ${verdict.reason}`, { field: header });
}

/** A request id for logs: the caller's `x-request-id` when it looks sane, else a fresh one. */
export function requestIdOf(c: Context): string {
  const given = c.req.header('x-request-id');
  return given && /^[\w.:-]{1,128}$/.test(given) ? given : crypto.randomUUID();
}

export function logError(where: string, id: string, err: unknown): void {
  log('error', { msg: `${where} failed`, id, ...errorFields(err) });
}

/** An outbound delivery (response_url, follow-up, callback) that failed after its retries. */
export function logDeliveryFailed(what: string, id: string, r: Pick<DeliveryResult, 'attempts' | 'error'>): void {
  log('error', { msg: `${what} failed`, id, attempts: r.attempts, error: r.error });
}
