import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Scalar's pinned API-reference bundle as `npm run build` copies it into the package
 * (dist/vendor/, the same path from src/ and dist/), else from the installed
 * @scalar/api-reference (a development tree that was not built). Read once, then kept.
 */
const BUILT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../dist/vendor/scalar-api-reference.js');

let script: Promise<Uint8Array | undefined> | undefined;

async function readFirst(): Promise<Uint8Array | undefined> {
  for (const path of [BUILT, () => createRequire(import.meta.url).resolve('@scalar/api-reference/browser/standalone.js')]) {
    try {
      return new Uint8Array(await readFile(typeof path === 'string' ? path : path()));
    } catch {
      // next candidate
    }
  }
  return undefined;
}

export function nodeDocsScript(): Promise<Uint8Array | undefined> {
  script ??= readFirst();
  return script;
}
