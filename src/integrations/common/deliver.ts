/** Bounded exponential backoff for outbound deliveries (response_url, Discord follow-ups, webhook callbacks). */
export interface RetryPolicy {
  /** Total attempts, the first included (≥ 1). */
  attempts: number;
  /** Delay before the second attempt; doubles each time. */
  baseDelayMs: number;
  /** No delay exceeds this. */
  maxDelayMs: number;
  /** Each attempt is aborted after this long. */
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 8_000, timeoutMs: 10_000 };

/** The delays slept between attempts: base·2^i capped at maxDelayMs, attempts−1 of them. */
export function backoffDelays(p: RetryPolicy): number[] {
  return Array.from({ length: Math.max(0, p.attempts - 1) }, (_, i) => Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** i));
}

export interface DeliveryResult {
  ok: boolean;
  attempts: number;
  /** The last HTTP status, if any answer came. */
  status?: number;
  /** Why it gave up, when !ok. */
  error?: string;
}

export interface DeliverOptions {
  policy: RetryPolicy;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Checked before every attempt; when it throws, delivery stops there (e.g. the host now resolves to a private address). */
  guard?: () => Promise<void>;
}

const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Sends one request until it gets a 2xx. Network errors, timeouts and 5xx are retried after
 * the backoff delays; a 4xx means the receiver refuses this message, so it is not retried.
 * `makeInit` is called per attempt (a fresh body, a fresh signature timestamp).
 */
export async function deliver(url: string, makeInit: () => Promise<RequestInit> | RequestInit, o: DeliverOptions): Promise<DeliveryResult> {
  const doFetch = o.fetch ?? fetch;
  const sleep = o.sleep ?? realSleep;
  const delays = backoffDelays(o.policy);
  let last: DeliveryResult = { ok: false, attempts: 0 };
  for (let attempt = 1; attempt <= Math.max(1, o.policy.attempts); attempt++) {
    try {
      await o.guard?.();
    } catch (err) {
      return { ok: false, attempts: attempt - 1, error: err instanceof Error ? err.message : String(err) };
    }
    try {
      const res = await doFetch(url, { ...(await makeInit()), signal: AbortSignal.timeout(o.policy.timeoutMs) });
      await res.arrayBuffer().catch(() => undefined); // free the connection
      if (res.ok) return { ok: true, attempts: attempt, status: res.status };
      last = { ok: false, attempts: attempt, status: res.status, error: `HTTP ${res.status}` };
      if (res.status >= 400 && res.status < 500) return last;
    } catch (err) {
      last = { ok: false, attempts: attempt, error: err instanceof Error ? err.message : String(err) };
    }
    const delay = delays[attempt - 1];
    if (delay === undefined) break;
    await sleep(delay);
  }
  return last;
}
