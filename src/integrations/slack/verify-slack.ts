import { hexToBytes } from '../common/hex.js';
import { timestampVerdict, type Verdict } from '../common/verdict.js';

/** Slack refuses replays older than 5 minutes; so do we. */
export const SLACK_MAX_AGE_S = 300;

const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    if (keys.size > 8) keys.clear();
    keys.set(secret, key);
  }
  return key;
}

/**
 * Slack's request signing: `X-Slack-Signature` must be `v0=` + hex HMAC-SHA256 of
 * `v0:{X-Slack-Request-Timestamp}:{raw body}` under the app's signing secret, and the
 * timestamp within 5 minutes. WebCrypto's HMAC verify compares in constant time; the same
 * code runs on Node and in workerd.
 */
export async function verifySlackRequest(
  signingSecret: string,
  headers: { timestamp: string | null | undefined; signature: string | null | undefined },
  rawBody: string,
  nowS = Math.floor(Date.now() / 1000),
): Promise<Verdict> {
  const time = timestampVerdict(headers.timestamp, SLACK_MAX_AGE_S, nowS);
  if (!time.ok) return time;
  if (!headers.signature) return { ok: false, reason: 'missing X-Slack-Signature' };
  const m = /^v0=([0-9a-f]{64})$/.exec(headers.signature);
  const mac = m ? hexToBytes(m[1]!) : undefined;
  if (!mac) return { ok: false, reason: 'malformed X-Slack-Signature' };
  const data = new TextEncoder().encode(`v0:${headers.timestamp}:${rawBody}`);
  const valid = await crypto.subtle.verify('HMAC', await hmacKey(signingSecret), mac, data);
  return valid ? { ok: true } : { ok: false, reason: 'signature mismatch' };
}
