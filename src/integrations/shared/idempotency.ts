/** What is known of a delivery id: being processed somewhere, or processed with this stored answer. */
export type IdempotencyRecord = { state: 'pending' } | { state: 'done'; answer: StoredAnswer };

export interface StoredAnswer {
  status: number;
  body: unknown;
}

/**
 * Remembers delivery ids (Standard Webhooks `webhook-id`, Slack `event_id`) so a redelivery
 * is answered from what was stored and never processed twice.
 */
export interface IdempotencyStore {
  /**
   * Claims `key` for processing. Returns undefined when the caller now owns it (process, then
   * `complete` or `release`), or the existing record when it was claimed before.
   */
  claim(key: string): Promise<IdempotencyRecord | undefined>;
  /** Stores the answer of a processed key. */
  complete(key: string, answer: StoredAnswer): Promise<void>;
  /** Forgets a claim whose processing failed, so that a redelivery may try again. */
  release(key: string): Promise<void>;
}

export interface MemoryIdempotencyOptions {
  /** Most keys remembered; the oldest finished ones are forgotten first. Default 10 000. */
  maxEntries?: number;
  /** How long a key is remembered. Default 72 h (longer than senders keep retrying). */
  ttlMs?: number;
  now?: () => number;
}

interface Entry {
  record: IdempotencyRecord;
  expires: number;
}

/**
 * A bounded in-memory store. Claims are synchronous map operations, so concurrent duplicates
 * in one process (or isolate) cannot both win. Used alone on Node and in front of KV on Workers.
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(o: MemoryIdempotencyOptions = {}) {
    this.maxEntries = o.maxEntries ?? 10_000;
    this.ttlMs = o.ttlMs ?? 72 * 3600_000;
    this.now = o.now ?? Date.now;
  }

  claimSync(key: string): IdempotencyRecord | undefined {
    const hit = this.entries.get(key);
    if (hit && hit.expires > this.now()) return hit.record;
    this.set(key, { state: 'pending' });
    return undefined;
  }

  /** Records what another store knew (KV, a file) without claiming. */
  remember(key: string, record: IdempotencyRecord, expires?: number): void {
    this.set(key, record, expires);
  }

  /** The finished, unexpired entries, oldest first (for persisting them). */
  done(): { key: string; answer: StoredAnswer; expires: number }[] {
    const now = this.now();
    const out: { key: string; answer: StoredAnswer; expires: number }[] = [];
    for (const [key, e] of this.entries) if (e.record.state === 'done' && e.expires > now) out.push({ key, answer: e.record.answer, expires: e.expires });
    return out;
  }

  expiryOf(key: string): number | undefined {
    return this.entries.get(key)?.expires;
  }

  async claim(key: string): Promise<IdempotencyRecord | undefined> {
    return this.claimSync(key);
  }

  async complete(key: string, answer: StoredAnswer): Promise<void> {
    this.set(key, { state: 'done', answer });
  }

  async release(key: string): Promise<void> {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private set(key: string, record: IdempotencyRecord, expires = this.now() + this.ttlMs): void {
    this.entries.delete(key); // re-insert: Map order is the eviction order
    this.entries.set(key, { record, expires });
    if (this.entries.size <= this.maxEntries) return;
    const now = this.now();
    for (const [k, e] of this.entries) {
      if (this.entries.size <= this.maxEntries) break;
      // Expired or finished entries go first; a pending one is evicted only if nothing else can be.
      if (e.expires <= now || e.record.state === 'done') this.entries.delete(k);
    }
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}

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
    await this.kv.put(this.prefix + key, JSON.stringify({ state: 'done', answer }), { expirationTtl: this.ttlS });
  }

  async release(key: string): Promise<void> {
    await this.local.release(key);
    await this.kv.delete(this.prefix + key);
  }
}
