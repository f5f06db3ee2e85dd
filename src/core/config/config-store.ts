import { z } from 'zod';
import { ClozeError } from '../errors.js';
import { contentHash } from './content-hash.js';
import { PRESETS } from './presets.js';
import { configSchema, type PromptConfig } from './schema.js';

export { KeyedMutex } from './keyed-mutex.js';

export interface StoredConfig {
  name: string;
  config: PromptConfig;
  /** Content hash of `config`. */
  hash: string;
  preset: boolean;
  updated_at?: string;
  /** Strong entity tag of this stored version (changes on every write). */
  etag?: string;
}

/** A stored document that no longer parses or validates: skipped in listings, deletable. */
export interface InvalidConfig {
  name: string;
  problem: string;
}

export interface ConfigListing {
  configs: StoredConfig[];
  invalid: InvalidConfig[];
}

/** Conditions of a write: `If-Match` (an etag, or `*` for "must exist"). */
export interface WriteCondition {
  ifMatch?: string;
}

export interface PutResult {
  stored: StoredConfig;
  /** True when no config of that name existed before this write. */
  created: boolean;
}

/**
 * Where user configs live: files on Node, Workers KV at the edge, memory in tests. `get`
 * throws `config_invalid` for a stored document that no longer validates; `delete` removes
 * it all the same. Writes with a condition that does not hold throw `precondition_failed`.
 */
export interface ConfigStore {
  list(): Promise<ConfigListing>;
  get(name: string): Promise<StoredConfig | undefined>;
  put(name: string, config: PromptConfig, hash: string, condition?: WriteCondition): Promise<PutResult>;
  /** True when something was deleted. */
  delete(name: string, condition?: WriteCondition): Promise<boolean>;
}

const storedSchema = z.object({
  name: z.string(),
  config: configSchema,
  hash: z.string(),
  preset: z.literal(false).optional(),
  updated_at: z.string().optional(),
  etag: z.string().optional(),
});

/** A fresh stored entry; its etag covers the content and the write time. */
export function newEntry(name: string, config: PromptConfig, hash: string, now = new Date()): StoredConfig {
  const updated_at = now.toISOString();
  const nonce = Math.random().toString(36).slice(2, 10);
  return { name, config, hash, preset: false, updated_at, etag: `"${contentHash({ hash, updated_at, nonce })}"` };
}

/**
 * Parses a stored document read back from a file or KV. Anything that is not a current,
 * valid stored config (corrupt JSON, another schema version, wrong name) is `config_invalid`.
 */
export function parseStored(name: string, raw: string): StoredConfig {
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch {
    throw invalidConfig(name, 'the stored document is not valid JSON');
  }
  const parsed = storedSchema.safeParse(doc);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw invalidConfig(name, `the stored document does not validate (${first ? `${first.path.join('.') || 'document'}: ${first.message}` : 'invalid'})`);
  }
  if (parsed.data.name !== name) throw invalidConfig(name, `the stored document is named "${parsed.data.name}"`);
  const d = parsed.data;
  return {
    name,
    config: d.config,
    hash: d.hash,
    preset: false,
    ...(d.updated_at ? { updated_at: d.updated_at } : {}),
    etag: d.etag ?? `"${contentHash(doc)}"`,
  };
}

export function invalidConfig(name: string, why: string): ClozeError {
  return new ClozeError('config_invalid', `stored config "${name}" cannot be used: ${why}; PUT a new version or DELETE it`, { field: 'name' });
}

/** Throws `precondition_failed` unless `condition` holds for the current entry. */
export function checkCondition(name: string, current: StoredConfig | undefined | 'invalid', condition: WriteCondition | undefined): void {
  const want = condition?.ifMatch;
  if (want === undefined) return;
  if (current === undefined) throw new ClozeError('precondition_failed', `If-Match: no config named "${name}" exists`, { field: 'if-match' });
  if (want === '*') return;
  const tags = want.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (current === 'invalid' || !tags.includes(current.etag ?? '')) {
    throw new ClozeError(
      'precondition_failed',
      `If-Match: config "${name}" has changed (its current ETag is ${current === 'invalid' ? 'none' : current.etag})`,
      { field: 'if-match' },
    );
  }
}

/**
 * Presets first (read-only), then the user store. Preset hashes are computed once, with the
 * engine's hash function, not per request.
 */
export class LayeredConfigStore implements ConfigStore {
  private readonly presets: ReadonlyMap<string, StoredConfig>;

  constructor(
    private readonly user: ConfigStore,
    hashOf: (c: PromptConfig) => string,
  ) {
    this.presets = new Map(
      [...PRESETS].map(([name, config]) => {
        const hash = hashOf(config);
        return [name, { name, config, hash, preset: true, etag: `"preset-${hash}"` }];
      }),
    );
  }

  async list(): Promise<ConfigListing> {
    const presets = [...this.presets.values()];
    const { configs, invalid } = await this.user.list();
    const users = configs.filter((c) => !PRESETS.has(c.name));
    return { configs: [...presets, ...users].sort((a, b) => a.name.localeCompare(b.name)), invalid };
  }

  async get(name: string): Promise<StoredConfig | undefined> {
    return this.presets.get(name) ?? this.user.get(name);
  }

  async put(name: string, config: PromptConfig, hash: string, condition?: WriteCondition): Promise<PutResult> {
    if (PRESETS.has(name)) throw new ClozeError('config_read_only', `"${name}" is a built-in preset; store your config under another name`, { field: 'name' });
    return this.user.put(name, config, hash, condition);
  }

  async delete(name: string, condition?: WriteCondition): Promise<boolean> {
    if (PRESETS.has(name)) throw new ClozeError('config_read_only', `"${name}" is a built-in preset and cannot be deleted`, { field: 'name' });
    return this.user.delete(name, condition);
  }
}

/** A store in memory: tests, and a fallback where nothing persists. */
export class MemoryConfigStore implements ConfigStore {
  private readonly items = new Map<string, StoredConfig>();

  async list(): Promise<ConfigListing> {
    return { configs: [...this.items.values()], invalid: [] };
  }
  async get(name: string): Promise<StoredConfig | undefined> {
    return this.items.get(name);
  }
  async put(name: string, config: PromptConfig, hash: string, condition?: WriteCondition): Promise<PutResult> {
    const current = this.items.get(name);
    checkCondition(name, current, condition);
    const stored = newEntry(name, config, hash);
    this.items.set(name, stored);
    return { stored, created: current === undefined };
  }
  async delete(name: string, condition?: WriteCondition): Promise<boolean> {
    checkCondition(name, this.items.get(name), condition);
    return this.items.delete(name);
  }
}
