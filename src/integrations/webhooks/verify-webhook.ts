import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type { Verdict } from '../common/verdict.js';

export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Standard Webhooks (the `standardwebhooks` reference library): `webhook-signature` holds
 * space-separated `v1,{base64 HMAC-SHA256 of "{id}.{timestamp}.{body}"}`, the timestamp must
 * be within 5 minutes, comparison is constant-time. Pure JS, so it runs in workerd too.
 */
export function verifyWebhook(secret: string, headers: Partial<WebhookHeaders>, rawBody: string): Verdict {
  let wh: Webhook;
  try {
    wh = new Webhook(secret);
  } catch {
    return { ok: false, reason: 'WEBHOOK_SECRET is not a base64 (whsec_…) secret' };
  }
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (typeof v === 'string') clean[k] = v;
  try {
    wh.verify(rawBody, clean, { jsonParse: false });
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: err instanceof WebhookVerificationError ? err.message : 'invalid signature' };
  }
}

/** Headers for a message we send (webhook callbacks), signed with the same secret. */
export function signWebhook(secret: string, id: string, body: string, now = new Date()): WebhookHeaders {
  const wh = new Webhook(secret);
  return { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': wh.sign(id, now, body) };
}
