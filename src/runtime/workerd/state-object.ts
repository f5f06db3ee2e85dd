import { checkCondition, KeyedMutex, newEntry, parseStored, type StoredConfig } from '../../core/config/config-store.js';
import { ClozeError } from '../../core/errors.js';
import type { IdempotencyRecord } from '../../integrations/common/idempotency.js';
import type { KvNamespaceLike } from './bindings.js';
import type { StateOp, StateReply, StateResults } from './state-protocol.js';

/** The subset of a Durable Object's state used here. */
export interface DurableObjectStateLike {
  storage: {
    get<T>(key: string): Promise<T | undefined>;
    put(key: string, value: unknown): Promise<void>;
    deleteAll(): Promise<void>;
    setAlarm(at: number): Promise<void>;
  };
}

interface Claim {
  record: IdempotencyRecord;
  expires: number;
}

/** What the object keeps of a config: its current document (null: none), seeded once from KV. */
interface ConfigSlot {
  raw: string | null;
}

/**
 * ClozeState: the Durable Object that decides what must be decided in one place on Workers.
 * One object per config name (`config:<name>`) holds the current document, checks `If-Match`
 * and writes the new version, then writes it through to the CONFIGS KV namespace (which stays
 * the read cache); one object per delivery id (`idem:<id>`) holds its claim and stored
 * answer, removed by an alarm when its TTL passes. An object runs the operations it receives
 * one after another (a mutex over the whole operation, KV write included), so two
 * conditional writes from any isolates anywhere cannot both win, and KV receives the
 * versions in the order they were decided.
 */
export class ClozeState {
  private readonly serial = new KeyedMutex();

  constructor(
    private readonly state: DurableObjectStateLike,
    private readonly env: { CONFIGS?: KvNamespaceLike },
  ) {}

  async fetch(request: Request): Promise<Response> {
    const op = (await request.json()) as StateOp;
    let reply: StateReply<StateOp['op']>;
    try {
      reply = { ok: true, result: await this.serial.run('op', () => this.apply(op)) };
    } catch (err) {
      if (!(err instanceof ClozeError)) throw err;
      reply = { ok: false, error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } };
    }
    return Response.json(reply);
  }

  /** Forgets an expired claim or answer. */
  async alarm(): Promise<void> {
    const claim = await this.state.storage.get<Claim>('claim');
    if (!claim) return;
    if (claim.expires <= Date.now()) await this.state.storage.deleteAll();
    else await this.state.storage.setAlarm(claim.expires);
  }

  private async apply(op: StateOp): Promise<StateResults[StateOp['op']]> {
    switch (op.op) {
      case 'config-put': {
        const current = await this.currentConfig(op.name);
        checkCondition(op.name, current, op.condition);
        const stored = newEntry(op.name, op.config, op.hash);
        await this.writeConfig(op.name, JSON.stringify(stored));
        return { stored, created: current === undefined };
      }
      case 'config-delete': {
        const current = await this.currentConfig(op.name);
        checkCondition(op.name, current, op.condition);
        if (current === undefined) return false;
        await this.writeConfig(op.name, null);
        return true;
      }
      case 'idem-claim': {
        const claim = await this.state.storage.get<Claim>('claim');
        if (claim && claim.expires > Date.now()) return claim.record;
        await this.keep({ record: { state: 'pending' }, expires: Date.now() + op.pendingTtlMs });
        return null;
      }
      case 'idem-complete':
        await this.keep({ record: { state: 'done', answer: op.answer }, expires: Date.now() + op.ttlMs });
        return null;
      case 'idem-release': {
        const claim = await this.state.storage.get<Claim>('claim');
        if (claim?.record.state === 'pending') await this.state.storage.deleteAll();
        return null;
      }
    }
  }

  private async keep(claim: Claim): Promise<void> {
    await this.state.storage.put('claim', claim);
    await this.state.storage.setAlarm(claim.expires);
  }

  /** The object's document; on its first use, what KV held before the object existed. */
  private async currentConfig(name: string): Promise<StoredConfig | 'invalid' | undefined> {
    let slot = await this.state.storage.get<ConfigSlot>('config');
    if (!slot) {
      slot = { raw: (await this.env.CONFIGS?.get(`config:${name}`, 'text')) ?? null };
      await this.state.storage.put('config', slot);
    }
    if (slot.raw === null) return undefined;
    try {
      return parseStored(name, slot.raw);
    } catch {
      return 'invalid';
    }
  }

  private async writeConfig(name: string, raw: string | null): Promise<void> {
    await this.state.storage.put('config', { raw } satisfies ConfigSlot);
    if (raw === null) await this.env.CONFIGS?.delete(`config:${name}`);
    else await this.env.CONFIGS?.put(`config:${name}`, raw);
  }
}
