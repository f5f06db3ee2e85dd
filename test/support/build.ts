import { execFile } from 'node:child_process';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const root = join(import.meta.dirname, '../..');
const STAMP = join(root, 'dist/.build-stamp');
const LOCK = join(root, 'dist.build-lock');
const INPUTS = ['src', 'tools/build', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

async function newestInput(): Promise<number> {
  let newest = 0;
  for (const input of INPUTS) {
    const path = join(root, input);
    const s = await stat(path);
    const files = s.isDirectory() ? (await readdir(path, { recursive: true })).map((f) => join(path, f)) : [path];
    for (const f of files) newest = Math.max(newest, (await stat(f)).mtimeMs);
  }
  return newest;
}

const fresh = async (): Promise<boolean> => {
  try {
    return (await stat(STAMP)).mtimeMs > (await newestInput());
  } catch {
    return false;
  }
};

/**
 * `npm run build` once for the whole test run: the first test file that needs dist/ builds it
 * (JavaScript and .d.ts) under a lock directory; the others wait, then find it fresh (a stamp newer
 * than every source) and reuse it. Returns the project root.
 */
export async function ensureBuilt(): Promise<string> {
  if (await fresh()) return root;
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch {
      // a lock left by a killed run (a build takes well under five minutes) is taken over
      const age = await stat(LOCK).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > 300_000) await rm(LOCK, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (!(await fresh())) {
      await promisify(execFile)(process.execPath, ['--import', 'tsx', 'tools/build/build.ts'], { cwd: root });
      await writeFile(STAMP, `${new Date().toISOString()}\n`);
    }
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
  return root;
}
