import { compileConfig, type CompiledClassify, type CompiledConfig, type CompiledNer } from './config/compile-config.js';
import { LayeredConfigStore, type ConfigListing, type ConfigStore, type PutResult, type StoredConfig, type WriteCondition } from './config/config-store.js';
import { canonicalJson, contentHash } from './config/content-hash.js';
import { LruCache } from './config/lru-cache.js';
import { configSchema, type PromptConfig } from './config/schema.js';
import { ClozeError } from './errors.js';
import type { MaskedLM, ModelRegistry } from './ports.js';
import { classify, type ClassifyOptions, type ClassifyResult } from './tasks/classify.js';
import { fillMask, type FillMaskOptions } from './tasks/fill-mask.js';
import { recognize, type NerResult } from './tasks/ner.js';
import type { Prediction } from './tasks/classify.js';
import { scopedModel, stopped, type RequestScope } from './request-scope.js';
import { fitConfig } from './fewshot/fit-config.js';

export interface EngineOptions {
  /** Entries of the (model, config, text) result cache; 0 disables it. Default 2048. */
  resultCacheSize?: number;
  /** The models configs may name (`model`); without it a config naming one is refused. */
  models?: ModelRegistry;
}

/** A config given by name (stored or preset) or inline. */
export type ConfigRef = { name: string } | { inline: PromptConfig };

/**
 * Where the engine reads configs: the presets (read-only) over the user's store. Exported for
 * the one caller that needs configs without a model (the CLI's `configs list|get|delete`), so
 * both see exactly the same catalogue.
 */
export function configCatalog(userStore: ConfigStore): ConfigStore {
  return new LayeredConfigStore(userStore, contentHash);
}

/**
 * The prompt engine's entry point for adapters: resolves configs, compiles them once per
 * (model, content hash) and runs the tasks. Knows nothing of HTTP or of the ONNX runtime.
 * Configs are read and written only through it (getConfig, listConfigs, putConfig,
 * deleteConfig): the store behind it is its own.
 */
export class PromptEngine {
  private readonly configs: ConfigStore;
  private readonly compiled = new LruCache<string, CompiledConfig>(256);
  private readonly results: LruCache<string, ClassifyResult | NerResult> | undefined;
  /** Content hashes of config objects already seen (presets and cached stored configs come back as the same object). */
  private readonly hashes = new WeakMap<PromptConfig, string>();
  private readonly models: ModelRegistry | undefined;

  constructor(
    readonly model: MaskedLM,
    userStore: ConfigStore,
    options: EngineOptions = {},
  ) {
    this.configs = configCatalog(userStore);
    const size = options.resultCacheSize ?? 2048;
    this.results = size > 0 ? new LruCache(size) : undefined;
    this.models = options.models;
  }

  /** The model a config runs on: the one it names (`model`), else the engine's default. */
  async modelFor(config: PromptConfig, field = 'model'): Promise<MaskedLM> {
    if (config.model === undefined) return this.model;
    if (!this.models) throw new ClozeError('validation_failed', `this server serves no named models; the config names "${config.model}"`, { field });
    return this.models.get(config.model);
  }

  /** Validates and compiles (token ids, template) a config; throws field-named errors. */
  compile(config: PromptConfig, model: MaskedLM = this.model): CompiledConfig {
    let hash = this.hashes.get(config);
    if (hash === undefined) {
      hash = contentHash(config);
      this.hashes.set(config, hash);
    }
    const key = `${model.id}:${hash}`;
    let c = this.compiled.get(key);
    if (!c) {
      c = compileConfig(config, model, hash);
      this.compiled.set(key, c);
    }
    return c;
  }

  async resolve(ref: ConfigRef, task: PromptConfig['task'], field = 'config'): Promise<CompiledConfig> {
    return (await this.resolveWithModel(ref, task, field)).compiled;
  }

  /** The compiled config and the model it runs on. */
  async resolveWithModel(ref: ConfigRef, task: PromptConfig['task'], field = 'config'): Promise<{ compiled: CompiledConfig; model: MaskedLM }> {
    let config: PromptConfig;
    let prefix: string | undefined;
    if ('name' in ref) {
      const stored = await this.configs.get(ref.name).catch((err: unknown) => {
        throw err instanceof ClozeError && err.code === 'config_invalid' ? new ClozeError(err.code, err.message, { field }) : err;
      });
      if (!stored) throw new ClozeError('config_not_found', `no config named "${ref.name}"`, { field });
      config = stored.config;
      prefix = field;
    } else {
      config = ref.inline;
    }
    if (config.task !== task) {
      throw new ClozeError('config_task_mismatch', `config is for task "${config.task}", this endpoint needs "${task}"`, { field });
    }
    const model = await this.modelFor(config, prefix ? `${prefix}.model` : 'model');
    try {
      return { compiled: this.compile(config, model), model };
    } catch (err) {
      throw prefix && err instanceof ClozeError ? err.withFieldPrefix(prefix) : err;
    }
  }

  async classify(ref: ConfigRef, texts: readonly string[], options: ClassifyOptions = {}, scope?: RequestScope): Promise<ClassifyResult[]> {
    const { compiled, model } = await this.resolveWithModel(ref, 'classify');
    const c = compiled as CompiledClassify;
    // every option, defaults resolved, keys sorted: a new option can never return a stale answer
    const variant = canonicalJson({ ...options, calibrate: options.calibrate ?? c.config.options.calibrate });
    return this.cached(model, c.hash, variant, texts, (missing) => classify(scopedModel(model, scope), c, missing, options));
  }

  async ner(ref: ConfigRef, texts: readonly string[], scope?: RequestScope): Promise<NerResult[]> {
    const { compiled, model } = await this.resolveWithModel(ref, 'ner');
    return this.cached(model, compiled.hash, 'ner', texts, (missing) => recognize(scopedModel(model, scope), compiled as CompiledNer, missing));
  }

  /** Answers repeated texts from an LRU cache keyed by (model, config hash, variant, text). */
  private async cached<R extends ClassifyResult | NerResult>(
    model: MaskedLM,
    hash: string,
    variant: string,
    texts: readonly string[],
    compute: (missing: string[]) => Promise<R[]>,
  ): Promise<R[]> {
    if (!this.results) return compute([...texts]);
    // the text itself, not a hash of it: a crafted text cannot collide with another client's entry
    const keys = texts.map((t) => JSON.stringify([model.id, hash, variant, t]));
    const out = keys.map((k) => this.results!.get(k) as R | undefined);
    const missing = [...new Set(texts.filter((_, i) => out[i] === undefined))];
    if (missing.length > 0) {
      const computed = await compute(missing);
      const byText = new Map<string, R>(missing.map((t, i) => [t, computed[i]!]));
      texts.forEach((t, i) => {
        if (out[i] === undefined) {
          out[i] = byText.get(t)!;
          this.results!.set(keys[i]!, out[i]!);
        }
      });
    }
    return out as R[];
  }

  fillMask(text: string, options: FillMaskOptions, scope?: RequestScope): Promise<Prediction[][]> {
    return fillMask(scopedModel(this.model, scope), text, options);
  }

  /** A stored config or preset by name; undefined when there is none. */
  getConfig(name: string): Promise<StoredConfig | undefined> {
    return this.configs.get(name);
  }

  /** Presets and stored configs, and the stored documents that failed to parse. */
  listConfigs(): Promise<ConfigListing> {
    return this.configs.list();
  }

  /** Deletes a stored config (presets are read-only); false when there was none. */
  deleteConfig(name: string, condition?: WriteCondition): Promise<boolean> {
    return this.configs.delete(name, condition);
  }

  /**
   * Validates, compiles against the model, then stores: a config that cannot run is never
   * saved. The fit honours `scope`: it yields to the event loop as it goes and stops when the
   * request is cut, and nothing is stored once the signal has aborted.
   */
  async putConfig(name: string, doc: unknown, condition?: WriteCondition, scope?: RequestScope): Promise<PutResult> {
    const parsed = configSchema.safeParse(doc);
    if (!parsed.success) throw zodToClozeError(parsed.error.issues);
    const model = await this.modelFor(parsed.data);
    const config = await this.fit(parsed.data, scope);
    const compiled = this.compile(config, model);
    if (scope?.signal?.aborted) throw stopped(scope.signal);
    return this.configs.put(name, config, compiled.hash, condition);
  }

  /**
   * The fit step: a config with `examples` comes back with `learned` (fitted on them, or
   * kept when its stored fit matches the examples, words, template and model); a config
   * without examples comes back unchanged. Compiles the zero-shot part first, so template
   * and label-word errors keep their field names.
   */
  async fit(config: PromptConfig, scope?: RequestScope): Promise<PromptConfig> {
    if (!config.examples?.length) {
      if (config.learned) this.compile(config, await this.modelFor(config));
      return config;
    }
    return fitConfig(await this.modelFor(config), config, scope);
  }
}

export function zodToClozeError(issues: readonly { path: readonly PropertyKey[]; message: string }[], prefix?: string): ClozeError {
  const list = issues.map((i) => ({ field: fieldPath(prefix ? [prefix, ...i.path] : i.path), message: i.message }));
  const first = list[0] ?? { field: prefix ?? '', message: 'invalid' };
  return new ClozeError('validation_failed', `${first.field || 'body'}: ${first.message}`, { field: first.field, issues: list });
}

export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '');
}
