import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ConfigStore } from '../core/config/config-store.js';
import { configCatalog, PromptEngine } from '../core/engine.js';
import { FileConfigStore } from '../runtime/node/file-config-store.js';
import { loadNodeModel, modelOptionsFromEnv } from '../runtime/node/load-model.js';
import { modelPoolFromEnv } from '../runtime/node/named-models.js';

/** Options every command accepts (declared once on the root program in main.ts). */
export interface GlobalOptions {
  dataDir?: string;
  model?: string;
}

/** Where stored configs live: the same folder the server uses (CLOZE_DATA_DIR, default ./.data). */
export function configsDir(o: GlobalOptions): string {
  return resolve(o.dataDir ?? process.env.CLOZE_DATA_DIR ?? '.data', 'configs');
}

/**
 * The engine in this process, wired exactly as `npm start` wires it (Node runtime loader,
 * file config store), so a command answers what the server would. No server is involved.
 */
export async function openEngine(cmd: Command): Promise<PromptEngine> {
  const o = cmd.optsWithGlobals<GlobalOptions>();
  const env = o.model ? { ...process.env, CLOZE_MODEL: o.model } : process.env;
  const model = await loadNodeModel(modelOptionsFromEnv(env));
  const models = modelPoolFromEnv(process.env);
  return new PromptEngine(model, new FileConfigStore(configsDir(o)), { resultCacheSize: 0, ...(models && { models }) });
}

/** The engine's config catalogue (presets plus stored configs) without loading the model: list, get and delete need none. */
export function openConfigStore(cmd: Command): ConfigStore {
  return configCatalog(new FileConfigStore(configsDir(cmd.optsWithGlobals<GlobalOptions>())));
}
