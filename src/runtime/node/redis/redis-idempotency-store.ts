import type { IdempotencyRecord, IdempotencyStore, StoredAnswer } from '../../../integrations/common/idempotency.js';
import type { RedisCommands } from './redis-connection.js';

/** Claims a key unless it exists; returns nil when claimed, else what is stored. KEYS: key; ARGV: pending doc, pending TTL ms. */
const CLAIM = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return false end
return redis.call('GET', KEYS[1])`;

/** Forgets a claim that is still pending (never a stored answer). KEYS: key; ARGV: pending doc. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

const PENDING = JSON.stringify({ state: 'pending' });

export interface RedisIdempotencyOptions {
  /** How long a stored answer is replayed (default 72 h, longer than senders keep retrying). */
  ttlMs?: number;
  /** How long a claim whose owner died blocks redeliveries (default 10 min). */
  pendingTtlMs?: number;
  prefix?: string;
}

/**
 * Delivery ids (webhook-id, Slack event_id) in Redis, shared by every instance: a claim is one
 * `SET NX` (in a script that also returns what was there), so of two instances receiving the
 * same id exactly one processes it; the other sees `pending` (409, retry later) or, once the
 * first completed, replays its stored answer. Pending claims expire, so a crashed owner does
 * not block the id for long; answers expire after `ttlMs`.
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  private readonly ttlMs: number;
  private readonly pendingTtlMs: number;
  private readonly prefix: string;

  constructor(
    private readonly redis: RedisCommands,
    o: RedisIdempotencyOptions = {},
  ) {
    this.ttlMs = o.ttlMs ?? 72 * 3600_000;
    this.pendingTtlMs = o.pendingTtlMs ?? 600_000;
    this.prefix = o.prefix ?? 'cloze:idem:';
  }

  async claim(key: string): Promise<IdempotencyRecord | undefined> {
    const seen = (await this.redis.script(CLAIM, [this.prefix + key], [PENDING, String(this.pendingTtlMs)])) as string | null;
    return seen === null ? undefined : (JSON.parse(seen) as IdempotencyRecord);
  }

  async complete(key: string, answer: StoredAnswer): Promise<void> {
    const record: IdempotencyRecord = { state: 'done', answer };
    await this.redis.command(['SET', this.prefix + key, JSON.stringify(record), 'PX', String(this.ttlMs)]);
  }

  async release(key: string): Promise<void> {
    await this.redis.script(RELEASE, [this.prefix + key], [PENDING]);
  }
}
