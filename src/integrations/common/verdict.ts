/** The outcome of a signature check: ok, or why not (logged and sent in the 401's detail). */
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
