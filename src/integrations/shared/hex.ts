/** Strict hex → bytes: undefined unless the string is an even number of hex digits. */
export function hexToBytes(hex: string): Uint8Array<ArrayBuffer> | undefined {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

/** Whether a Unix-seconds timestamp header is a number within `maxAgeS` of now (either way). */
export function timestampVerdict(header: string | null | undefined, maxAgeS: number, nowS: number): Verdict {
  if (!header) return { ok: false, reason: 'missing timestamp header' };
  if (!/^\d{1,12}$/.test(header)) return { ok: false, reason: 'malformed timestamp' };
  const age = nowS - Number(header);
  if (age > maxAgeS) return { ok: false, reason: 'timestamp too old' };
  if (age < -maxAgeS) return { ok: false, reason: 'timestamp in the future' };
  return { ok: true };
}
