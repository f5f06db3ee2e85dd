import type { Worker } from 'node:cluster';
import type { RateLimiter } from '../../http/app-env.js';
import { TokenBucketLimiter } from '../../http/middleware/token-bucket.js';
import { isPrimaryMessage, type PrimaryToWorker, type WorkerToPrimary } from './cluster-messages.js';

type Reply = Extract<PrimaryToWorker, { type: 'cloze:rate-reply' }>;

/**
 * A cluster worker's rate limiter: the primary holds the one bucket per caller, so the budget
 * is per instance however many workers share the port (without it, N workers granted N
 * budgets). One IPC round trip per request, no disk.
 */
export class ClusterRateLimiter implements RateLimiter {
  private next = 1;
  private readonly waiting = new Map<number, (r: Reply) => void>();

  constructor(private readonly perMinute: number) {
    process.on('message', (m: unknown) => {
      if (!isPrimaryMessage(m) || m.type !== 'cloze:rate-reply') return;
      this.waiting.get(m.id)?.(m);
      this.waiting.delete(m.id);
    });
  }

  limit(key: string): Promise<{ success: boolean; retryAfterS: number }> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (r) => resolve({ success: r.success, retryAfterS: r.retryAfterS }));
      const message: WorkerToPrimary = { type: 'cloze:rate', id, key, perMinute: this.perMinute };
      process.send!(message, undefined, undefined, (err: Error | null) => {
        if (!err) return;
        this.waiting.delete(id);
        reject(err);
      });
    });
  }
}

/** The primary's buckets, one limiter per rate (all workers send the same one). */
const limiters = new Map<number, TokenBucketLimiter>();

/** Primary side: takes a token from the caller's bucket and answers the worker. */
export async function answerRateLimit(w: Worker, m: Extract<WorkerToPrimary, { type: 'cloze:rate' }>): Promise<void> {
  let limiter = limiters.get(m.perMinute);
  if (!limiter) {
    limiter = new TokenBucketLimiter(m.perMinute);
    limiters.set(m.perMinute, limiter);
  }
  const verdict = await limiter.limit(m.key);
  const reply: PrimaryToWorker = { type: 'cloze:rate-reply', id: m.id, ...verdict };
  if (w.isConnected()) w.send(reply);
}
