import type { IdempotencyRecord, StoredAnswer } from '../../integrations/common/idempotency.js';

/** Messages between the cluster primary and its workers (Node IPC, structured clone). */
export type WorkerToPrimary =
  | { type: 'cloze:ready' }
  | { type: 'cloze:idem'; id: number; method: 'claim'; key: string }
  | { type: 'cloze:idem'; id: number; method: 'complete'; key: string; answer: StoredAnswer }
  | { type: 'cloze:idem'; id: number; method: 'release'; key: string }
  | { type: 'cloze:rate'; id: number; key: string; perMinute: number };

export type PrimaryToWorker =
  | { type: 'cloze:workers'; ready: number; total: number }
  | { type: 'cloze:idem-reply'; id: number; record?: IdempotencyRecord; error?: string }
  | { type: 'cloze:rate-reply'; id: number; success: boolean; retryAfterS: number };

const isObject = (m: unknown): m is Record<string, unknown> => typeof m === 'object' && m !== null;

export const isWorkerMessage = (m: unknown): m is WorkerToPrimary => isObject(m) && typeof m.type === 'string' && m.type.startsWith('cloze:');
export const isPrimaryMessage = (m: unknown): m is PrimaryToWorker => isObject(m) && typeof m.type === 'string' && m.type.startsWith('cloze:');
