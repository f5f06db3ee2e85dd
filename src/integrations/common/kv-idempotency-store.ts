import { boundedAnswer, MemoryIdempotencyStore, type IdempotencyRecord, type IdempotencyStore, type StoredAnswer } from './idempotency.js';

/** The subset of a Workers KV namespace used here (typed structurally). */
export interface KvLike {
  get(key: string, type: 'text'): Promise<string | null>;
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>;
  delete(key: string): Promise<void>;
}

/**
 * Workers: the in-isolate store decides concurrent duplicates atomically; KV carries what was
 * processed to other isolates and locations. KV has no compare-and-set, so two isolates that
 * receive the same id within KV's propagation delay (up to ~60 s) could both process it;
 * senders redeliver after minutes, well outside that window.
 */
export class KvIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly kv: KvLike,
    private readonly local = new MemoryIdempotencyStore(),
    private readonly ttlS = 72 * 3600,
    private readonly prefix = 'idem:',
  ) {}

  async claim(key: string): Promise<IdempotencyRecord | undefined> {
    const mine = this.local.claimSync(key);
    if (mine) return mine;
    let raw: string | null;
    try {
      raw = await this.kv.get(this.prefix + key, 'text');
    } catch (err) {
      await this.local.release(key);
      throw err;
    }
    if (raw !== null) {
      const record = JSON.parse(raw) as IdempotencyRecord;
      // Another isolate's pending claim is not remembered here: once it finishes, KV has the answer.
      if (record.state === 'done') this.local.remember(key, record);
      else await this.local.release(key);
      return record;
    }
    await this.kv.put(this.prefix + key, JSON.stringify({ state: 'pending' }), { expirationTtl: 600 });
    return undefined;
  }

  async complete(key: string, answer: StoredAnswer): Promise<void> {
    await this.local.complete(key, answer);
    await this.kv.put(this.prefix + key, JSON.stringify({ state: 'done', answer: boundedAnswer(answer) }), { expirationTtl: this.ttlS });
  }

  async release(key: string): Promise<void> {
    await this.local.release(key);
    await this.kv.delete(this.prefix + key);
  }
}
