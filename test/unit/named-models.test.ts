import { describe, expect, it } from 'vitest';
import { MemoryConfigStore } from '../../src/core/config/config-store.js';
import { configSchema } from '../../src/core/config/schema.js';
import { PromptEngine } from '../../src/core/engine.js';
import { ClozeError } from '../../src/core/errors.js';
import type { MaskedLM, MaskedRow } from '../../src/core/ports.js';
import { ModelPool, type PooledModel } from '../../src/runtime/model-pool.js';
import { FakeMaskedLM } from '../support/fake-lm.js';

/** A fake model that always prefers one word at the mask: a stand-in for a tuned model. */
class LeaningLM implements MaskedLM {
  readonly id: string;
  readonly inner = new FakeMaskedLM();
  readonly tokenizer = this.inner.tokenizer;
  readonly vocabSize = this.inner.vocabSize;
  readonly maxLength = this.inner.maxLength;
  constructor(
    name: string,
    private readonly word: string,
  ) {
    this.id = `lean-${name}`;
  }
  hold(): () => void {
    return this.inner.hold();
  }
  async maskLogits(rows: MaskedRow[], vocabIds?: readonly number[]): Promise<Float32Array[][]> {
    const out = await this.inner.maskLogits(rows, vocabIds);
    const at = (vocabIds ?? [...Array(this.vocabSize).keys()]).indexOf(this.tokenizer.idOf(this.word));
    for (const row of out) for (const l of row) if (at >= 0) l[at]! += 50;
    return out;
  }
}

const MB = 2 ** 20;

function pool(budgetMb: number, names: Record<string, string>, sizes: Record<string, number> = {}) {
  const loads: string[] = [];
  const released: string[] = [];
  const models: Record<string, LeaningLM> = {};
  const p = new ModelPool(
    async (name): Promise<PooledModel | undefined> => {
      if (!(name in names)) return undefined;
      loads.push(name);
      models[name] = new LeaningLM(name, names[name]!);
      return { model: models[name], bytes: (sizes[name] ?? 10) * MB, release: () => void released.push(name) };
    },
    budgetMb * MB,
    'CLOZE_MODELS_DIR',
  );
  return { p, loads, released, models };
}

const config = (model?: string) =>
  configSchema.parse({ task: 'classify', template: '{text} it was [MASK].', verbalizer: { pos: ['good'], neg: ['bad'] }, ...(model && { model }) });

describe('ModelPool (named models within a memory budget)', () => {
  it('loads a model once, on first use, even for concurrent first calls', async () => {
    const { p, loads } = pool(100, { a: 'good' });
    const [x, y] = await Promise.all([p.get('a'), p.get('a')]);
    expect(loads).toEqual(['a']);
    expect(x.id).toBe('lean-a');
    expect(y.id).toBe('lean-a');
    await p.get('a');
    expect(loads).toEqual(['a']);
  });

  it('drops the least recently used models beyond the budget and releases them', async () => {
    const { p, loads, released } = pool(25, { a: 'good', b: 'bad', c: 'good' });
    await p.get('a');
    await p.get('b');
    await p.get('a'); // a is now the most recently used
    await p.get('c'); // 30 MB > 25: b goes
    expect(p.loaded()).toEqual(['a', 'c']);
    await Promise.resolve();
    expect(released).toEqual(['b']);
    await p.get('b'); // loaded again; a (least recent) goes
    expect(loads).toEqual(['a', 'b', 'c', 'b']);
    expect(p.loaded()).toEqual(['c', 'b']);
  });

  it('keeps the model it just loaded even when it alone is over budget', async () => {
    const { p } = pool(5, { big: 'good' }, { big: 50 });
    await p.get('big');
    expect(p.loaded()).toEqual(['big']);
  });

  it('releases a dropped model only once its calls in flight finish', async () => {
    const { p, released, models } = pool(15, { a: 'good', b: 'bad' });
    const a = await p.get('a');
    const hold = models.a!.hold();
    const pending = a.maskLogits([{ ids: [2, 5, 4, 3], maskPositions: [2] }]);
    await p.get('b'); // a is dropped while its call is in flight
    await Promise.resolve();
    expect(released).toEqual([]);
    hold();
    await pending;
    await new Promise((r) => setTimeout(r, 0));
    expect(released).toEqual(['a']);
  });

  it('answers an unknown name with a validation error naming `model`, and retries a failed load', async () => {
    const { p } = pool(100, {});
    await expect(p.get('nope')).rejects.toMatchObject({ code: 'validation_failed', field: 'model' });
    let fail = true;
    const flaky = new ModelPool(
      async () => {
        if (fail) throw new Error('disk on fire');
        return { model: new LeaningLM('f', 'good'), bytes: MB };
      },
      100 * MB,
      'here',
    );
    await expect(flaky.get('f')).rejects.toMatchObject({ code: 'model_load_failed' });
    fail = false;
    expect((await flaky.get('f')).id).toBe('lean-f');
  });
});

describe('configs that name their model', () => {
  it('run on that model while configs without one (and presets) keep the default', async () => {
    const { p } = pool(100, { negative: 'bad' });
    const engine = new PromptEngine(new LeaningLM('default', 'good'), new MemoryConfigStore(), { models: p, resultCacheSize: 16 });
    const [plain] = await engine.classify({ inline: config() }, ['the film']);
    const [named] = await engine.classify({ inline: config('negative') }, ['the film']);
    expect(plain!.label).toBe('pos');
    expect(named!.label).toBe('neg');
    // the result cache keeps the two apart
    expect((await engine.classify({ inline: config() }, ['the film']))[0]!.label).toBe('pos');
    await engine.putConfig('mine', config('negative'));
    expect((await engine.classify({ name: 'mine' }, ['the film']))[0]!.label).toBe('neg');
  });

  it('refuses a stored config naming a model that is not there, naming the field', async () => {
    const { p } = pool(100, {});
    const engine = new PromptEngine(new LeaningLM('default', 'good'), new MemoryConfigStore(), { models: p });
    await expect(engine.putConfig('mine', config('missing'))).rejects.toMatchObject({ code: 'validation_failed', field: 'model' });
    const without = new PromptEngine(new LeaningLM('default', 'good'), new MemoryConfigStore());
    const err = await without.classify({ inline: config('x') }, ['a']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClozeError);
    expect(err).toMatchObject({ field: 'model' });
  });

  it('rejects a model name that could leave the models folder', () => {
    for (const bad of ['../etc', 'a/b', '.hidden', 'UPPER']) expect(configSchema.safeParse({ ...config(), model: bad }).success).toBe(false);
  });
});
