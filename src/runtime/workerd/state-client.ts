import type { PutResult, WriteCondition } from '../../core/config/config-store.js';
import type { PromptConfig } from '../../core/config/schema.js';
import { ClozeError } from '../../core/errors.js';
import type { IdempotencyRecord, IdempotencyStore, StoredAnswer } from '../../integrations/common/idempotency.js';
import { objectNameOf, type DurableObjectNamespaceLike, type StateOp, type StateReply, type StateResults } from './state-protocol.js';

const unavailable = (why: string): ClozeError =>
  new ClozeError('state_unavailable', `shared state (Durable Object) is unavailable: ${why}; retry shortly`, { retryAfterS: 1 });

/** Sends one operation to the object that decides it; its ClozeErrors come back as themselves, anything else as 503. */
export async function callState<K extends StateOp['op']>(ns: DurableObjectNamespaceLike, op: Extract<StateOp, { op: K }>): Promise<StateResults[K]> {
  let reply: StateReply<K>;
  try {
    const stub = ns.get(ns.idFromName(objectNameOf(op)) as never);
    const res = await stub.fetch(new Request('https://cloze-state/op', { method: 'POST', body: JSON.stringify(op) }));
    if (!res.ok) throw new Error(`status ${res.status}`);
    reply = (await res.json()) as StateReply<K>;
  } catch (err) {
    throw unavailable(err instanceof Error ? err.message : String(err));
  }
  if (reply.ok) return reply.result;
  throw new ClozeError(reply.error.code, reply.error.message, reply.error.field ? { field: reply.error.field } : {});
}

/** Config writes through the ClozeState object of each name (used by KvConfigStore). */
export interface ConfigWriter {
  put(name: string, config: PromptConfig, hash: string, condition?: WriteCondition): Promise<PutResult>;
  delete(name: string, condition?: WriteCondition): Promise<boolean>;
}

export const durableConfigWriter = (ns: DurableObjectNamespaceLike): ConfigWriter => ({
  put: (name, config, hash, condition) => callState(ns, { op: 'config-put', name, config, hash, ...(condition ? { condition } : {}) }),
  delete: (name, condition) => callState(ns, { op: 'config-delete', name, ...(condition ? { condition } : {}) }),
});

/**
 * Delivery ids decided by one ClozeState object per id: a claim is atomic across every
 * isolate and location, so a retry landing anywhere replays the stored answer.
 */
export class DurableIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly ns: DurableObjectNamespaceLike,
    private readonly ttlMs = 72 * 3600_000,
    private readonly pendingTtlMs = 600_000,
  ) {}

  async claim(key: string): Promise<IdempotencyRecord | undefined> {
    return (await callState(this.ns, { op: 'idem-claim', key, pendingTtlMs: this.pendingTtlMs })) ?? undefined;
  }
  async complete(key: string, answer: StoredAnswer): Promise<void> {
    await callState(this.ns, { op: 'idem-complete', key, answer, ttlMs: this.ttlMs });
  }
  async release(key: string): Promise<void> {
    await callState(this.ns, { op: 'idem-release', key });
  }
}
