import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PromptEngine } from '../../src/core/engine.js';
import { createApp } from '../../src/http/app.js';
import { FileConfigStore } from '../../src/runtime/node/file-config-store.js';
import { warmEngine } from '../../src/runtime/warm-engine.js';
import { defaultModel } from './model.js';

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** The real app on the real default model, with a file config store in `dir`. */
export function nodeApp(dir: string) {
  const deps = warmEngine(async () => new PromptEngine(await defaultModel(), new FileConfigStore(dir)));
  return createApp(deps, { accessLog: false });
}

export const json = (body: unknown, method = 'POST'): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
