import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { FileConfigStore } from '../../src/runtime/node/file-config-store.js';
import type { PromptConfig } from '../../src/core/config/schema.js';
import { tempDir } from '../support/app.js';

const config = (word: string): PromptConfig => ({
  task: 'classify',
  template: '{text} It was [MASK].',
  verbalizer: { up: [word], down: ['bad'] },
  options: { aggregation: 'sum', calibrate: false },
});

/**
 * Two stores on one folder stand for two processes (cluster workers, the CLI): each has its
 * own in-process mutex, so only the lock file keeps their conditional writes apart.
 */
describe('FileConfigStore across processes', () => {
  it('conditional writes from two writers on one folder: exactly one wins per version', async () => {
    const dir = await tempDir('cloze-lock-');
    const a = new FileConfigStore(dir);
    const b = new FileConfigStore(dir);
    const first = await a.put('shared', config('good'), 'h0');
    const etag = first.stored.etag!;
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).put('shared', config(`w${i}`), `h${i + 1}`, { ifMatch: etag })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'precondition_failed' });
    expect((await readdir(dir)).sort()).toEqual(['shared.json']); // no lock or temporary file left behind
  });
});
