import { contentHash } from '../../src/core/config/content-hash.js';
import { PRESETS } from '../../src/core/config/presets.js';
import { RedisConfigStore } from '../../src/runtime/node/redis/redis-config-store.js';
import { connectRedis } from '../../src/runtime/node/redis/redis-connection.js';
import { RedisIdempotencyStore } from '../../src/runtime/node/redis/redis-idempotency-store.js';
import { RedisRateLimiter } from '../../src/runtime/node/redis/redis-rate-limiter.js';

/**
 * Redis memory per stored item, measured on real keys written by the service's own stores:
 * `MEMORY USAGE <key> SAMPLES 0` (key, value and Redis' per-key overhead) averaged over
 * `n` keys, and the growth of INFO `used_memory` over the whole batch (adds the main
 * dictionary and expiry entries). Usage: `CLOZE_REDIS_URL=redis://127.0.0.1:6379/15 npx tsx
 * tools/redis/measure-sizing.ts [n]` against an empty database; it FLUSHDBs that database.
 */
const url = process.env.CLOZE_REDIS_URL;
if (!url) throw new Error('set CLOZE_REDIS_URL to an empty, disposable Redis database');
const n = Number(process.argv[2] ?? 2000);
const redis = await connectRedis(url);
const usedMemory = async () => Number(/used_memory:(\d+)/.exec(String(await redis.command(['INFO', 'memory'])))![1]);
const keyUsage = async (key: string) => Number(await redis.command(['MEMORY', 'USAGE', key, 'SAMPLES', '0']));

/** A classify answer as a webhook stores it: `texts` texts × `labels` labels. */
const answer = (texts: number, labels: number) => {
  const one = (i: number) => ({
    label: `label_${i % labels}`,
    scores: Object.fromEntries(Array.from({ length: labels }, (_, l) => [`label_${l}`, 1 / labels + l * 1e-9])),
    truncated: false,
  });
  return {
    status: 200,
    body:
      texts === 1
        ? { webhook_id: 'msg_2Lb9fYk3a7', config: 'sentiment', ...one(0) }
        : { webhook_id: 'msg_2Lb9fYk3a7', config: 'x', results: Array.from({ length: texts }, (_, i) => one(i)) },
  };
};

async function measure(what: string, write: (i: number) => Promise<void>, keyOf: (i: number) => string, extra = 0): Promise<void> {
  await redis.command(['FLUSHDB']);
  const before = await usedMemory();
  for (let i = 0; i < n; i++) await write(i);
  const grown = (await usedMemory()) - before;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += await keyUsage(keyOf(i));
  const perKey = sum / n + extra;
  const perItem = grown / n;
  const mib = (bytes: number) => `${((bytes * 1e6) / 2 ** 20).toFixed(0)} MiB`;
  console.log(`| ${what} | ${perKey.toFixed(0)} | ${perItem.toFixed(0)} | ${mib(Math.max(perKey, perItem))} |`);
}

const configs = new RedisConfigStore(redis);
const idem = new RedisIdempotencyStore(redis);
const limiter = new RedisRateLimiter(redis, 60);
console.log(`n = ${n} per row; Redis ${/redis_version:(\S+)/.exec(String(await redis.command(['INFO', 'server'])))?.[1]}`);
console.log('| item | MEMORY USAGE per key (B) | used_memory growth per item (B) | per 1M items |');
console.log('|---|---|---|---|');
for (const [name, config] of [...PRESETS].slice(0, 2)) {
  const indexBytes = 0; // the names set is measured by the used_memory column
  await measure(
    `config like preset "${name}" (${JSON.stringify(config).length} B of JSON)`,
    async (i) => void (await configs.put(`${name}-${i}`, config, contentHash(config))),
    (i) => `cloze:config:${name}-${i}`,
    indexBytes,
  );
}
for (const [texts, labels] of [
  [1, 2],
  [16, 8],
  [64, 50],
] as const) {
  const a = answer(texts, labels);
  await measure(
    `webhook answer, ${texts} text(s) × ${labels} labels (${JSON.stringify(a).length} B of JSON)`,
    (i) => idem.complete(`webhook:x:msg_${i}`, a),
    (i) => `cloze:idem:webhook:x:msg_${i}`,
  );
}
await measure(
  'rate-limit bucket (one per active caller)',
  async (i) => void (await limiter.limit(`key:${i}`)),
  (i) => `cloze:rate:key:${i}`,
);
await redis.command(['FLUSHDB']);
await redis.close();
