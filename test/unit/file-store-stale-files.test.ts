import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PromptConfig } from '../../src/core/config/schema.js';
import { FileConfigStore } from '../../src/runtime/node/file-config-store.js';
import { tempDir } from '../support/app.js';

const config: PromptConfig = {
  task: 'classify',
  template: '{text} It was [MASK].',
  verbalizer: { up: ['good'], down: ['bad'] },
  options: { aggregation: 'sum', calibrate: false },
};

/** The pid of a process that has exited: what a kill -9'd writer leaves in its lock file. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid!;
const holder = (pid: number) => JSON.stringify({ pid, host: hostname() });

describe('stale lock and temp files of a killed writer', () => {
  it('a fresh .NAME.lock of a dead process does not block writes to NAME', async () => {
    const dir = await tempDir('cloze-stale-');
    await writeFile(join(dir, '.blocked.lock'), holder(deadPid()));
    const started = Date.now();
    // Before: 503 overloaded after 10 s (the lock counted as live until 30 s old).
    await expect(new FileConfigStore(dir).put('blocked', config, 'h')).resolves.toMatchObject({ created: true });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await readdir(dir)).sort()).toEqual(['blocked.json']);
  }, 20_000);

  it('startup removes dead locks and temp files no live writer holds, and leaves a live writer alone', async () => {
    const dir = await tempDir('cloze-stale-');
    const orphan = `.gone.${randomUUID()}.tmp`;
    const unlocked = `.other.${randomUUID()}.tmp`;
    const live = `.busy.${randomUUID()}.tmp`;
    await writeFile(join(dir, '.gone.lock'), holder(deadPid()));
    await writeFile(join(dir, orphan), '{"half":');
    await writeFile(join(dir, unlocked), '{"half":');
    await writeFile(join(dir, '.busy.lock'), holder(process.pid));
    await writeFile(join(dir, live), '{"half":');
    await writeFile(join(dir, '.remote.lock'), JSON.stringify({ pid: 1, host: 'another-host' }));
    const store = new FileConfigStore(dir);
    expect(await store.list()).toEqual({ configs: [], invalid: [] });
    expect((await readdir(dir)).sort()).toEqual(['.busy.lock', live, '.remote.lock'].sort());
  });
});
