import type { ModelFileReader } from '../../backend/model-layout.js';
import type { FetcherLike } from './bindings.js';

/** Any host works: the assets binding only looks at the path. */
const ASSETS_ORIGIN = 'https://assets.local/';

/**
 * Reads model files from the static-assets binding: `<base><path>`. 404 means "no such file"
 * (the loader then tries the next candidate graph); other failures are errors.
 */
export function assetsModelReader(assets: FetcherLike, base = 'model/'): ModelFileReader {
  const prefix = base.replace(/^\/+/, '').replace(/\/?$/, '/');
  return async (path) => {
    const url = new URL(`${prefix}${path.replace(/^\/+/, '')}`, ASSETS_ORIGIN);
    const res = await assets.fetch(new Request(url));
    if (res.status === 404) {
      await res.body?.cancel();
      return undefined;
    }
    if (!res.ok) throw new Error(`assets ${url.pathname} answered ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
}
