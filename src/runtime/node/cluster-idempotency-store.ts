import type { IdempotencyRecord, IdempotencyStore, StoredAnswer } from '../../integrations/common/idempotency.js';
import { isPrimaryMessage, type WorkerToPrimary } from './cluster-messages.js';

type Call = { method: 'claim'; key: string } | { method: 'complete'; key: string; answer: StoredAnswer } | { method: 'release'; key: string };

/**
 * A cluster worker's idempotency store: every claim is decided by the primary, which holds
 * the one FileIdempotencyStore, so a redelivery reaching another worker is still recognised.
 */
export class ClusterIdempotencyStore implements IdempotencyStore {
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (r: IdempotencyRecord | undefined) => void; reject: (e: Error) => void }>();

  constructor() {
    process.on('message', (m: unknown) => {
      if (!isPrimaryMessage(m) || m.type !== 'cloze:idem-reply') return;
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.error) w.reject(new Error(`idempotency store: ${m.error}`));
      else w.resolve(m.record);
    });
  }

  claim(key: string): Promise<IdempotencyRecord | undefined> {
    return this.call({ method: 'claim', key });
  }
  async complete(key: string, answer: StoredAnswer): Promise<void> {
    await this.call({ method: 'complete', key, answer });
  }
  async release(key: string): Promise<void> {
    await this.call({ method: 'release', key });
  }

  private call(c: Call): Promise<IdempotencyRecord | undefined> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const message: WorkerToPrimary = { type: 'cloze:idem', id, ...c };
      process.send!(message, undefined, undefined, (err: Error | null) => {
        if (err) {
          this.waiting.delete(id);
          reject(err);
        }
      });
    });
  }
}
