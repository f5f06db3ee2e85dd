import type { RateLimiter } from '../../../http/app-env.js';
import type { RedisCommands } from './redis-connection.js';

/**
 * A token bucket kept in Redis, refilled by the server's clock (TIME), so every instance and
 * worker draws from one bucket per caller and their clocks do not matter. Returns
 * {granted, ms until a token}. KEYS: bucket; ARGV: burst, tokens per ms.
 */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1]) or burst
local at = tonumber(b[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local granted = 0
if tokens >= 1 then
  tokens = tokens - 1
  granted = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate) + 1000)
if granted == 1 then return {1, 0} end
return {0, math.ceil((1 - tokens) / rate)}`;

/** `perMinute` requests a minute per caller across all instances, bursts up to `burst`; a bucket expires once full again. */
export class RedisRateLimiter implements RateLimiter {
  private readonly burst: number;
  private readonly perMs: number;

  constructor(
    private readonly redis: RedisCommands,
    perMinute: number,
    burst = perMinute,
    private readonly prefix = 'cloze:rate:',
  ) {
    this.burst = Math.max(1, burst);
    this.perMs = perMinute / 60_000;
  }

  async limit(key: string): Promise<{ success: boolean; retryAfterS: number }> {
    const [granted, waitMs] = (await this.redis.script(TAKE, [this.prefix + key], [String(this.burst), String(this.perMs)])) as [number, number];
    return { success: granted === 1, retryAfterS: granted === 1 ? 0 : Math.max(1, Math.ceil(waitMs / 1000)) };
  }
}
