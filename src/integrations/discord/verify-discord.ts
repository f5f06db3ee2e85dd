import { verifyKey } from 'discord-interactions';
import { hexToBytes } from '../common/hex.js';
import { timestampVerdict, type Verdict } from '../common/verdict.js';

/** Interactions older (or newer) than this are refused as replays. */
export const DISCORD_MAX_AGE_S = 300;

/**
 * Discord's interaction signing: `X-Signature-Ed25519` is the hex Ed25519 signature of
 * `{X-Signature-Timestamp}{raw body}` under the application's public key. The check is
 * discord-interactions' `verifyKey` (WebCrypto Ed25519, so it runs on Node and in workerd);
 * we add header-shape checks and the replay window it leaves to the caller.
 */
export async function verifyDiscordRequest(
  publicKeyHex: string,
  headers: { signature: string | null | undefined; timestamp: string | null | undefined },
  rawBody: string,
  nowS = Math.floor(Date.now() / 1000),
): Promise<Verdict> {
  const time = timestampVerdict(headers.timestamp, DISCORD_MAX_AGE_S, nowS);
  if (!time.ok) return time;
  if (!headers.signature) return { ok: false, reason: 'missing X-Signature-Ed25519' };
  if (headers.signature.length !== 128 || !hexToBytes(headers.signature)) return { ok: false, reason: 'malformed X-Signature-Ed25519' };
  if (publicKeyHex.length !== 64 || !hexToBytes(publicKeyHex)) return { ok: false, reason: 'DISCORD_PUBLIC_KEY is not 32 bytes of hex' };
  const valid = await verifyKey(rawBody, headers.signature, headers.timestamp!, publicKeyHex);
  return valid ? { ok: true } : { ok: false, reason: 'signature mismatch' };
}
