import { hashString } from '../../core/config/content-hash.js';

/** What is known of a delivery id: being processed somewhere, or processed with this stored answer. */
export type IdempotencyRecord = { state: 'pending' } | { state: 'done'; answer: StoredAnswer };

export interface StoredAnswer {
  status: number;
  body: unknown;
}

/** Longest answer body (JSON characters) stored as it is; a longer one is stored as a capped copy. */
export const MAX_STORED_ANSWER_CHARS = 4_096;
/** Top-level fields of a capped copy keep their value when their JSON is at most this long. */
const KEPT_FIELD_CHARS = 512;

/**
 * What a store keeps of an answer: the answer itself when its body is small, else a capped
 * copy: the body's short top-level fields (ids, status, the callback outcome) and a
 * `stored_copy` note with the full body's length and digest. Redeliveries are answered from
 * it, so stored state stays bounded however large the results (a 64-text × 50-label result
 * is ~129 KB).
 */
export function boundedAnswer(answer: StoredAnswer, maxChars = MAX_STORED_ANSWER_CHARS): StoredAnswer {
  const json = JSON.stringify(answer.body);
  if (json === undefined || json.length <= maxChars) return answer;
  const kept: Record<string, unknown> = {};
  if (answer.body !== null && typeof answer.body === 'object' && !Array.isArray(answer.body)) {
    let total = 0;
    for (const [k, v] of Object.entries(answer.body as Record<string, unknown>)) {
      const field = JSON.stringify(v);
      if (field === undefined || field.length > KEPT_FIELD_CHARS || total + k.length + field.length > maxChars / 2) continue;
      kept[k] = v;
      total += k.length + field.length;
    }
  }
  return { status: answer.status, body: { ...kept, stored_copy: { truncated: true, chars: json.length, digest: hashString(json) } } };
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
    this.set(key, { state: 'done', answer: boundedAnswer(answer) });
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
