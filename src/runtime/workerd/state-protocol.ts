import type { PutResult, WriteCondition } from '../../core/config/config-store.js';
import type { PromptConfig } from '../../core/config/schema.js';
import type { ErrorCode } from '../../core/errors.js';
import type { IdempotencyRecord, StoredAnswer } from '../../integrations/common/idempotency.js';

/**
 * What a Worker asks the ClozeState Durable Object (one object per config name, one per
 * delivery id), as JSON over its `fetch`. Structural, so no Workers type package is needed.
 */
export type StateOp =
  | { op: 'config-put'; name: string; config: PromptConfig; hash: string; condition?: WriteCondition }
  | { op: 'config-delete'; name: string; condition?: WriteCondition }
  | { op: 'idem-claim'; key: string; pendingTtlMs: number }
  | { op: 'idem-complete'; key: string; answer: StoredAnswer; ttlMs: number }
  | { op: 'idem-release'; key: string };

export interface StateResults {
  'config-put': PutResult;
  'config-delete': boolean;
  'idem-claim': IdempotencyRecord | null;
  'idem-complete': null;
  'idem-release': null;
}

/** The object's answer: a result, or the ClozeError it threw (e.g. `precondition_failed`). */
export type StateReply<K extends StateOp['op']> =
  | { ok: true; result: StateResults[K] }
  | { ok: false; error: { code: ErrorCode; message: string; field?: string } };

/** The subset of a Durable Object namespace binding used here. */
export interface DurableObjectNamespaceLike {
  idFromName(name: string): unknown;
  get(id: never): { fetch(request: Request): Promise<Response> };
}

/** Which object decides an operation: configs by name, claims by delivery id. */
export const objectNameOf = (op: StateOp): string => ('name' in op ? `config:${op.name}` : `idem:${op.key}`);
