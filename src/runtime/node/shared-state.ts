import cluster from 'node:cluster';
import { resolve } from 'node:path';
import type { ConfigStore } from '../../core/config/config-store.js';
import type { RateLimiter } from '../../http/app-env.js';
import { TokenBucketLimiter } from '../../http/middleware/token-bucket.js';
import type { IdempotencyStore } from '../../integrations/common/idempotency.js';
import type { NodeEnv } from '../env-schema.js';
import { ClusterIdempotencyStore } from './cluster-idempotency-store.js';
import { ClusterRateLimiter } from './cluster-rate-limiter.js';
import { FileConfigStore } from './file-config-store.js';
import { FileIdempotencyStore } from './file-idempotency-store.js';
import { RedisConfigStore } from './redis/redis-config-store.js';
import { connectRedis, type ConnectOptions } from './redis/redis-connection.js';
import { RedisIdempotencyStore } from './redis/redis-idempotency-store.js';
import { RedisRateLimiter } from './redis/redis-rate-limiter.js';

/** What every instance of the service must agree on: stored configs, delivery ids, rate-limit budgets. */
export interface SharedState {
  configs: ConfigStore;
  idempotency: IdempotencyStore;
  /** Set when CLOZE_RATE_LIMIT_RPM is. */
  rateLimiter?: RateLimiter;
  /** False while the shared backend is unreachable: /readyz answers 503. */
  isReady(): boolean;
  /** What /readyz reports as `shared_state`. */
  kind: 'redis' | 'local';
  close(): Promise<void>;
}

/**
 * The one place Node picks its state backends. With CLOZE_REDIS_URL: Redis for everything,
 * shared by all instances and cluster workers (rejects when Redis cannot be reached, so the
 * server does not start half-configured). Without: configs in files under the data folder,
 * delivery ids in a file, and rate-limit buckets in memory; a cluster worker asks the primary
 * for claims and tokens, so one instance keeps one budget per caller.
 */
export async function createSharedState(
  env: Pick<NodeEnv, 'CLOZE_REDIS_URL' | 'CLOZE_RATE_LIMIT_RPM'>,
  dataDir: string,
  o: ConnectOptions = {},
): Promise<SharedState> {
  const rpm = env.CLOZE_RATE_LIMIT_RPM;
  if (env.CLOZE_REDIS_URL) {
    const redis = await connectRedis(env.CLOZE_REDIS_URL, o);
    return {
      configs: new RedisConfigStore(redis),
      idempotency: new RedisIdempotencyStore(redis),
      ...(rpm ? { rateLimiter: new RedisRateLimiter(redis, rpm) } : {}),
      isReady: redis.isReady,
      kind: 'redis',
      close: redis.close,
    };
  }
  const inCluster = cluster.isWorker;
  const limiter = rpm ? (inCluster ? new ClusterRateLimiter(rpm) : new TokenBucketLimiter(rpm)) : undefined;
  return {
    configs: new FileConfigStore(resolve(dataDir, 'configs')),
    idempotency: inCluster ? new ClusterIdempotencyStore() : await FileIdempotencyStore.open(resolve(dataDir, 'idempotency.jsonl')),
    ...(limiter ? { rateLimiter: limiter } : {}),
    isReady: () => true,
    kind: 'local',
    close: async () => undefined,
  };
}
