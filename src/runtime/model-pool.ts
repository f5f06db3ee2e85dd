import { ClozeError } from '../core/errors.js';
import type { MaskedLM, MaskedRow, ModelRegistry } from '../core/ports.js';

/** A loaded named model, what it costs in memory, and how to free it. */
export interface PooledModel {
  model: MaskedLM;
  /** Estimated memory the loaded model holds (see estimateModelBytes). */
  bytes: number;
  release?(): Promise<void> | void;
}

/** A session holds its graph's weights plus the folded, pre-packed copies ONNX Runtime makes: about 3 times the file. */
export const estimateModelBytes = (onnxBytes: number): number => 3 * onnxBytes;

interface Entry {
  name: string;
  loading: Promise<PooledModel>;
  bytes: number;
  inFlight: number;
  evicted: boolean;
  released: boolean;
}

/**
 * The named models configs run on (`"model": "<name>"`), loaded on first use and kept within
 * a memory budget: when a new one would exceed it, the least recently used are dropped (the
 * last one loaded always stays, even alone over budget). A dropped model is released once its
 * in-flight calls finish; a call that still holds it reloads it. Concurrent first uses share
 * one load; a failed load is retried on the next use. The same in both runtimes: only
 * `load` differs (a folder under CLOZE_MODELS_DIR, or the Worker's `models/` assets).
 */
export class ModelPool implements ModelRegistry {
  /** Insertion order is recency: the first entry is the least recently used. */
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly load: (name: string) => Promise<PooledModel | undefined>,
    private readonly budgetBytes: number,
    /** Where names are looked up, for the error message (e.g. "CLOZE_MODELS_DIR"). */
    private readonly where: string,
  ) {}

  /** Names of the models loaded (or loading) now, least recently used first. */
  loaded(): string[] {
    return [...this.entries.keys()];
  }

  async get(name: string): Promise<MaskedLM> {
    let entry = this.entries.get(name);
    if (entry) {
      this.entries.delete(name);
      this.entries.set(name, entry);
    } else {
      entry = this.start(name);
    }
    const { model } = await entry.loading;
    return this.counted(entry, model);
  }

  private start(name: string): Entry {
    const entry: Entry = { name, bytes: 0, inFlight: 0, evicted: false, released: false, loading: Promise.resolve(undefined as never) };
    entry.loading = this.load(name).then(
      (loaded) => {
        if (!loaded) throw new ClozeError('validation_failed', `no model named "${name}" under ${this.where}`, { field: 'model' });
        entry.bytes = loaded.bytes;
        this.evictOver(entry);
        return loaded;
      },
      (err: unknown) => {
        throw err instanceof ClozeError
          ? err
          : new ClozeError('model_load_failed', `the model "${name}" could not be loaded: ${err instanceof Error ? err.message : String(err)}`, {
              field: 'model',
            });
      },
    );
    entry.loading.catch(() => {
      if (this.entries.get(name) === entry) this.entries.delete(name);
    });
    this.entries.set(name, entry);
    return entry;
  }

  /** Drops least recently used models until the loaded ones fit the budget (never `keep`). */
  private evictOver(keep: Entry): void {
    let total = [...this.entries.values()].reduce((n, e) => n + e.bytes, 0);
    for (const e of [...this.entries.values()]) {
      if (total <= this.budgetBytes) break;
      if (e === keep || e.bytes === 0) continue;
      this.entries.delete(e.name);
      e.evicted = true;
      total -= e.bytes;
      void this.releaseIfIdle(e);
    }
  }

  private async releaseIfIdle(e: Entry): Promise<void> {
    if (!e.evicted || e.released || e.inFlight > 0) return;
    e.released = true;
    const loaded = await e.loading;
    await loaded.release?.();
  }

  /** The model, counting its calls in flight so that a dropped model is released only when idle. */
  private counted(entry: Entry, model: MaskedLM): MaskedLM {
    const call = async (rows: MaskedRow[], vocabIds?: readonly number[]): Promise<Float32Array[][]> => {
      if (entry.released) return (await this.get(entry.name)).maskLogits(rows, vocabIds);
      entry.inFlight++;
      try {
        return await model.maskLogits(rows, vocabIds);
      } finally {
        entry.inFlight--;
        void this.releaseIfIdle(entry);
      }
    };
    return { id: model.id, maxLength: model.maxLength, vocabSize: model.vocabSize, tokenizer: model.tokenizer, maskLogits: call };
  }
}
