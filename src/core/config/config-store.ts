import { ClozeError } from '../errors.js';
import { PRESETS } from './presets.js';
import type { PromptConfig } from './schema.js';

export interface StoredConfig {
  name: string;
  config: PromptConfig;
  /** Content hash of `config`. */
  hash: string;
  preset: boolean;
  updated_at?: string;
}

/** Where user configs live: files on Node, Workers KV at the edge, memory in tests. */
export interface ConfigStore {
  list(): Promise<StoredConfig[]>;
  get(name: string): Promise<StoredConfig | undefined>;
  put(name: string, config: PromptConfig, hash: string): Promise<StoredConfig>;
  /** True when something was deleted. */
  delete(name: string): Promise<boolean>;
}

/**
 * Presets first (read-only), then the user store. Preset hashes are computed once, with the
 * engine's hash function, not per request.
 */
export class LayeredConfigStore implements ConfigStore {
  private readonly presets: ReadonlyMap<string, StoredConfig>;

  constructor(private readonly user: ConfigStore, hashOf: (c: PromptConfig) => string) {
    this.presets = new Map([...PRESETS].map(([name, config]) => [name, { name, config, hash: hashOf(config), preset: true }]));
  }

  async list(): Promise<StoredConfig[]> {
    const presets = [...this.presets.values()];
    const users = (await this.user.list()).filter((c) => !PRESETS.has(c.name));
    return [...presets, ...users].sort((a, b) => a.name.localeCompare(b.name));
  }

  async get(name: string): Promise<StoredConfig | undefined> {
    return this.presets.get(name) ?? this.user.get(name);
  }

  async put(name: string, config: PromptConfig, hash: string): Promise<StoredConfig> {
    if (PRESETS.has(name)) throw new ClozeError('config_read_only', `"${name}" is a built-in preset; store your config under another name`, { field: 'name' });
    return this.user.put(name, config, hash);
  }

  async delete(name: string): Promise<boolean> {
    if (PRESETS.has(name)) throw new ClozeError('config_read_only', `"${name}" is a built-in preset and cannot be deleted`, { field: 'name' });
    return this.user.delete(name);
  }
}

/** A store in memory: tests, and a fallback where nothing persists. */
export class MemoryConfigStore implements ConfigStore {
  private readonly items = new Map<string, StoredConfig>();

  async list(): Promise<StoredConfig[]> {
    return [...this.items.values()];
  }
  async get(name: string): Promise<StoredConfig | undefined> {
    return this.items.get(name);
  }
  async put(name: string, config: PromptConfig, hash: string): Promise<StoredConfig> {
    const entry = { name, config, hash, preset: false, updated_at: new Date().toISOString() };
    this.items.set(name, entry);
    return entry;
  }
  async delete(name: string): Promise<boolean> {
    return this.items.delete(name);
  }
}
