import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PromptConfig } from '../../src/core/config/schema.js';
import { FileConfigStore } from '../../src/runtime/node/file-config-store.js';
import { tempDir } from '../support/app.js';

const config = (word: string, examples = 0): PromptConfig => ({
  task: 'classify',
  template: '{text} It was [MASK].',
  verbalizer: { up: [word], down: ['bad'] },
  options: { aggregation: 'sum', calibrate: false },
  ...(examples > 0 && { examples: Array.from({ length: examples }, (_, i) => ({ text: `a long example ${i} `.repeat(80), label: i % 2 ? 'up' : 'down' })) }),
});

/** Stored configs are read and validated once per stored version, not on every request. */
describe('FileConfigStore parses each stored version once', () => {
  it('repeated reads return the one parsed object; a write by another process is seen at once', async () => {
    const dir = await tempDir('cloze-cache-');
    const a = new FileConfigStore(dir);
    const b = new FileConfigStore(dir); // another process on the same folder
    await a.put('one', config('good', 32), 'h1');
    const first = await b.get('one');
    // Before: a fresh read, parse and validation (examples included) per request.
    expect(await b.get('one')).toBe(first);
    expect((await b.list()).configs[0]).toBe(first);
    await a.put('one', config('great'), 'h2');
    const second = await b.get('one');
    expect(second).not.toBe(first);
    expect(second!.config).toMatchObject({ verbalizer: { up: ['great'], down: ['bad'] } });
    await a.delete('one');
    expect(await b.get('one')).toBeUndefined();
  });

  it('listing 200 stored configs parses each once; a corrupt one is reported each time, parsed once', async () => {
    const dir = await tempDir('cloze-cache-');
    const store = new FileConfigStore(dir);
    for (let i = 0; i < 200; i++) await store.put(`c${i}`, config('good', 8), `h${i}`);
    await writeFile(join(dir, 'broken.json'), '{"name": "broken", ');
    const one = await store.list();
    const two = await store.list();
    expect(two.configs).toHaveLength(200);
    two.configs.forEach((c) => {
      expect(one.configs.find((o) => o.name === c.name)).toBe(c);
    });
    expect(two.invalid).toEqual(one.invalid);
    expect(two.invalid).toMatchObject([{ name: 'broken' }]);
  });
});
