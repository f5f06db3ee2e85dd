import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConfigStore, StoredConfig } from '../../core/config/config-store.js';
import type { PromptConfig } from '../../core/config/schema.js';

/**
 * User configs as one JSON file each in a folder. Writes go to a temporary file that is
 * renamed over the old one, so a crash never leaves a half-written config and a stored
 * config is never lost to a failed update.
 */
export class FileConfigStore implements ConfigStore {
  constructor(private readonly dir: string) {}

  async list(): Promise<StoredConfig[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const items = await Promise.all(names.filter((n) => n.endsWith('.json')).map((n) => this.get(n.slice(0, -5))));
    return items.filter((i): i is StoredConfig => i !== undefined);
  }

  async get(name: string): Promise<StoredConfig | undefined> {
    try {
      return JSON.parse(await readFile(this.path(name), 'utf8')) as StoredConfig;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async put(name: string, config: PromptConfig, hash: string): Promise<StoredConfig> {
    await mkdir(this.dir, { recursive: true });
    const entry: StoredConfig = { name, config, hash, preset: false, updated_at: new Date().toISOString() };
    const tmp = `${this.path(name)}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, `${JSON.stringify(entry, null, 2)}\n`);
    await rename(tmp, this.path(name));
    return entry;
  }

  async delete(name: string): Promise<boolean> {
    const existed = (await this.get(name)) !== undefined;
    await rm(this.path(name), { force: true });
    return existed;
  }

  private path(name: string): string {
    return join(this.dir, `${name}.json`);
  }
}
