import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelFileReader } from '../../backend/model-layout.js';

/** The embedded default model, shipped in the repository. */
export const DEFAULT_MODEL_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../models/cloze-bert-mini');

export interface ModelSource {
  /** What the user asked for: a folder, a URL, or a Hub id such as `org/name`. */
  location: string;
  read: ModelFileReader;
}

export interface ModelSourceOptions {
  /** Hub endpoint for ids like `org/name` (HF_ENDPOINT); default https://huggingface.co */
  hubEndpoint?: string;
  revision?: string;
  /** Where downloaded files are kept (CLOZE_CACHE_DIR); default ~/.cache/cloze-edge */
  cacheDir?: string;
  /** Never touch the network: only the cache (CLOZE_OFFLINE=1). */
  offline?: boolean;
  fetch?: typeof fetch;
}

const isUrl = (s: string): boolean => /^https?:\/\//i.test(s);
const isHubId = (s: string): boolean => /^[\w.-]+\/[\w.-]+$/.test(s);

/** Reads model files from a local folder (Node's model-file reader); undefined for a missing file. */
export function localModelReader(dir: string): ModelFileReader {
  return async (path) => {
    try {
      return new Uint8Array(await readFile(join(dir, path)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  };
}

/**
 * Reads model files from a base URL, caching each one on disk (written atomically), so a
 * restarted service loads offline. A 404 means "no such file" (the loader tries the next
 * candidate); any other failure is an error.
 */
function remoteReader(base: string, cacheDir: string, offline: boolean, doFetch: typeof fetch): ModelFileReader {
  const local = localModelReader(cacheDir);
  return async (path) => {
    const cached = await local(path);
    if (cached) return cached;
    if (offline) return undefined;
    const res = await doFetch(new URL(path, base));
    if (res.status === 404) {
      return undefined;
    }
    if (!res.ok) throw new Error(`GET ${new URL(path, base)} answered ${res.status}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const target = join(cacheDir, path);
    await mkdir(dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.part`;
    await writeFile(tmp, bytes);
    await rename(tmp, target);
    return bytes;
  };
}

/** Resolves a model location (folder, URL or Hub id) to a file reader. */
export function resolveModelSource(location: string | undefined, o: ModelSourceOptions = {}): ModelSource {
  const where = location?.trim() || DEFAULT_MODEL_DIR;
  const cacheRoot = o.cacheDir ?? join(homedir(), '.cache', 'cloze-edge');
  const doFetch = o.fetch ?? fetch;
  if (isUrl(where)) {
    const base = where.endsWith('/') ? where : `${where}/`;
    const key = base.replace(/^https?:\/\//i, '').replace(/[^\w.-]+/g, '_');
    return { location: base, read: remoteReader(base, join(cacheRoot, 'models', key), o.offline ?? false, doFetch) };
  }
  const asPath = isAbsolute(where) ? where : resolve(where);
  if (isHubId(where) && !where.startsWith('.')) {
    return localOrHub(asPath, where, o, cacheRoot, doFetch);
  }
  return { location: asPath, read: localModelReader(asPath) };
}

/** `org/name` is a local folder when one exists, else a Hub model id. */
function localOrHub(asPath: string, id: string, o: ModelSourceOptions, cacheRoot: string, doFetch: typeof fetch): ModelSource {
  const endpoint = (o.hubEndpoint ?? 'https://huggingface.co').replace(/\/+$/, '');
  const revision = o.revision ?? 'main';
  const base = `${endpoint}/${id}/resolve/${encodeURIComponent(revision)}/`;
  const remote = remoteReader(base, join(cacheRoot, 'models', `${id.replace('/', '--')}@${revision}`), o.offline ?? false, doFetch);
  const local = localModelReader(asPath);
  let useLocal: boolean | undefined;
  return {
    location: id,
    read: async (path) => {
      if (useLocal === undefined) useLocal = (await local('config.json')) !== undefined;
      return useLocal ? local(path) : remote(path);
    },
  };
}
