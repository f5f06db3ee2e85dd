import { createHash } from 'node:crypto';
import { createClient, ErrorReply } from 'redis';
import { ClozeError } from '../../../core/errors.js';

/** What the Redis-backed stores need: plain commands and Lua scripts, failing as `state_unavailable`. */
export interface RedisCommands {
  /** One command, e.g. `['GET', key]`. */
  command(args: readonly string[]): Promise<unknown>;
  /** Runs a Lua script atomically (EVALSHA, loading it on first use). */
  script(lua: string, keys: readonly string[], args: readonly string[]): Promise<unknown>;
}

export interface SharedRedis extends RedisCommands {
  /** False while the connection is down (then /readyz is 503 and state calls fail with 503). */
  isReady(): boolean;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** How long the first connection may take before startup fails (default 5 s). */
  connectTimeoutMs?: number;
  log?: (level: 'info' | 'warn' | 'error', fields: Record<string, unknown>) => void;
}

/** `redis://user:secret@host:6379/0` → `redis://host:6379/0`: logs never show credentials. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

const unavailable = (why: string): ClozeError =>
  new ClozeError('state_unavailable', `shared state (Redis) is unavailable: ${why}; retry shortly`, { retryAfterS: 1 });

/** Error replies that mean "not now" rather than "wrong request". */
const TRANSIENT = /^(OOM|READONLY|LOADING|MASTERDOWN|BUSY|TRYAGAIN|CLUSTERDOWN|NOREPLICAS)\b/;

const message = (err: unknown): string => (err instanceof Error ? err.message || err.name : String(err));

/**
 * Connects to the Redis named by CLOZE_REDIS_URL. The first connection must succeed (else
 * this rejects, naming the URL without its credentials, and the server does not start);
 * afterwards a lost connection is retried with a capped backoff while commands fail at
 * once (no offline queue), as ClozeError `state_unavailable` (503 + Retry-After), never as
 * a 500 or a stale answer.
 */
export async function connectRedis(url: string, o: ConnectOptions = {}): Promise<SharedRedis> {
  const where = redactRedisUrl(url);
  const log = o.log ?? (() => undefined);
  let connectedOnce = false;
  let down = false;
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: o.connectTimeoutMs ?? 5_000,
      // before the first connection: give up (startup fails); after it: retry forever, at most every 2 s
      reconnectStrategy: (retries, cause) => (connectedOnce ? Math.min(50 * 2 ** Math.min(retries, 6), 2_000) : cause),
    },
  });
  client.on('error', (err: unknown) => {
    if (!connectedOnce || down) return; // startup reports its own failure; one line per outage
    down = true;
    log('error', { msg: 'shared state (Redis) connection lost; answering 503 until it returns', redis: where, error: message(err) });
  });
  client.on('ready', () => {
    if (down) log('info', { msg: 'shared state (Redis) connection restored', redis: where });
    down = false;
  });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`cannot reach Redis at ${where} (CLOZE_REDIS_URL): ${message(err)}`);
  }
  connectedOnce = true;
  log('info', { msg: 'shared state in Redis', redis: where });

  const command = async (args: readonly string[]): Promise<unknown> => {
    if (!client.isReady) throw unavailable('not connected');
    try {
      return await client.sendCommand(args);
    } catch (err) {
      if (err instanceof ClozeError) throw err;
      // a server that refuses for now (full, read-only replica, loading, busy) is an outage too;
      // its other error replies (NOSCRIPT, a script bug) stay as they are
      if (err instanceof ErrorReply && !TRANSIENT.test(err.message)) throw err;
      throw unavailable(message(err));
    }
  };
  const shas = new Map<string, string>();
  const script = async (lua: string, keys: readonly string[], args: readonly string[]): Promise<unknown> => {
    let sha = shas.get(lua);
    if (!sha) {
      sha = createHash('sha1').update(lua).digest('hex');
      shas.set(lua, sha);
    }
    const tail = [String(keys.length), ...keys, ...args];
    try {
      return await command(['EVALSHA', sha, ...tail]);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return command(['EVAL', lua, ...tail]);
    }
  };
  return {
    command,
    script,
    isReady: () => client.isReady,
    close: async () => {
      if (client.isOpen) await client.close().catch(() => client.destroy());
    },
  };
}
