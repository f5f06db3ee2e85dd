import { MemoryConfigStore, type ConfigStore } from '../../core/config/config-store.js';
import type { WorkerEnv } from './bindings.js';
import { parseEnv, workerEnvSchema } from '../env-schema.js';
import { KvConfigStore } from './kv-config-store.js';
import { durableConfigWriter } from './state-client.js';

export interface EnvConfigStore {
  store: ConfigStore;
  /** What /readyz reports as `config_store`. */
  kind: string;
}

export const MEMORY_STORE_KIND = 'memory (no CONFIGS KV binding: stored configs live in this isolate only)';

export const DURABLE_STORE_KIND = 'kv + durable object (writes decided by the ClozeState object, KV is the read cache)';

/**
 * Workers KV when the CONFIGS binding exists, its writes decided by the ClozeState Durable
 * Object when STATE is bound too; else isolate memory (presets work either way).
 */
export function configStoreFor(env: Pick<WorkerEnv, 'CONFIGS' | 'STATE' | 'CLOZE_CONFIG_TTL_S'>): EnvConfigStore {
  if (!env.CONFIGS) return { store: new MemoryConfigStore(), kind: MEMORY_STORE_KIND };
  const ttl = parseEnv(workerEnvSchema.pick({ CLOZE_CONFIG_TTL_S: true }), env as Record<string, unknown>).CLOZE_CONFIG_TTL_S ?? 30;
  if (env.STATE) return { store: new KvConfigStore(env.CONFIGS, { ttlMs: ttl * 1000, writer: durableConfigWriter(env.STATE) }), kind: DURABLE_STORE_KIND };
  return { store: new KvConfigStore(env.CONFIGS, { ttlMs: ttl * 1000 }), kind: 'kv' };
}
