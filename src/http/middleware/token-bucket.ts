import type { RateLimiter } from '../app-env.js';

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * An in-memory token bucket per caller (Node): `perMinute` requests a minute, bursts up to
 * `burst`. Holds at most `maxCallers` buckets (the least recently used go first).
 */
export class TokenBucketLimiter implements RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly burst: number;
  private readonly perMs: number;

  constructor(
    perMinute: number,
    burst = perMinute,
    private readonly maxCallers = 10_000,
    private readonly now: () => number = Date.now,
  ) {
    this.burst = Math.max(1, burst);
    this.perMs = perMinute / 60_000;
  }

  async limit(key: string): Promise<{ success: boolean; retryAfterS: number }> {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: t };
    this.buckets.delete(key); // re-insert: most recently used last
    b.tokens = Math.min(this.burst, b.tokens + (t - b.at) * this.perMs);
    b.at = t;
    const success = b.tokens >= 1;
    if (success) b.tokens -= 1;
    this.buckets.set(key, b);
    if (this.buckets.size > this.maxCallers) this.buckets.delete(this.buckets.keys().next().value!);
    return { success, retryAfterS: success ? 0 : Math.max(1, Math.ceil((1 - b.tokens) / this.perMs / 1000)) };
  }
}
