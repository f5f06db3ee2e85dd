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

export function presetEntry(name: string): StoredConfig | undefined {
  const config = PRESETS.get(name);
  return config ? { name, config, hash: '', preset: true } : undefined;
}

/**
 * Presets first (read-only), then the user store. Hashes of presets are filled by the
 * engine, which knows how configs are hashed.
 */
export class LayeredConfigStore implements ConfigStore {
  constructor(private readonly user: ConfigStore, private readonly hashOf: (c: PromptConfig) => string) {}

  async list(): Promise<StoredConfig[]> {
    const presets = [...PRESETS.keys()].map((n) => this.withHash(presetEntry(n)!));
    const users = (await this.user.list()).filter((c) => !PRESETS.has(c.name));
    return [...presets, ...users].sort((a, b) => a.name.localeCompare(b.name));
  }

  async get(name: string): Promise<StoredConfig | undefined> {
    const preset = presetEntry(name);
    return preset ? this.withHash(preset) : this.user.get(name);
  }

  async put(name: string, config: PromptConfig, hash: string): Promise<StoredConfig> {
    if (PRESETS.has(name)) throw new ClozeError('config_read_only', `"${name}" is a built-in preset; store your config under another name`, { field: 'name' });
    return this.user.put(name, config, hash);
  }

  async delete(name: string): Promise<boolean> {
    if (PRESETS.has(name)) throw new ClozeError('config_read_only', `"${name}" is a built-in preset and cannot be deleted`, { field: 'name' });
    return this.user.delete(name);
  }

  private withHash(e: StoredConfig): StoredConfig {
    return { ...e, hash: this.hashOf(e.config) };
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
