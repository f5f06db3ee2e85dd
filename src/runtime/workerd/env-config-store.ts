import { MemoryConfigStore, type ConfigStore } from '../../core/config/config-store.js';
import type { WorkerEnv } from './bindings.js';
import { parseEnv, workerEnvSchema } from '../env-schema.js';
import { KvConfigStore } from './kv-config-store.js';

export interface EnvConfigStore {
  store: ConfigStore;
  /** What /readyz reports as `config_store`. */
  kind: string;
}

export const MEMORY_STORE_KIND = 'memory (no CONFIGS KV binding: stored configs live in this isolate only)';

/** Workers KV when the CONFIGS binding exists, else isolate memory (presets work either way). */
export function configStoreFor(env: Pick<WorkerEnv, 'CONFIGS' | 'CLOZE_CONFIG_TTL_S'>): EnvConfigStore {
  if (!env.CONFIGS) return { store: new MemoryConfigStore(), kind: MEMORY_STORE_KIND };
  const ttl = parseEnv(workerEnvSchema.pick({ CLOZE_CONFIG_TTL_S: true }), env as Record<string, unknown>).CLOZE_CONFIG_TTL_S ?? 30;
  return { store: new KvConfigStore(env.CONFIGS, { ttlMs: ttl * 1000 }), kind: 'kv' };
}
