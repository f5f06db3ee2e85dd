import { readFile } from 'node:fs/promises';
import { Hono } from 'hono';
import { describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/http/app.js';
import type { AppDeps } from '../../src/http/app-env.js';
import { nodeDocsScript } from '../../src/runtime/node/docs-script.js';

const deps: AppDeps = { engine: () => Promise.reject(new Error('not needed')), isReady: () => false, docsScript: nodeDocsScript };

describe('/docs and /openapi.json', () => {
  it('the reference page loads Scalar from this server (pinned bundle), never from a CDN', async () => {
    const app = createApp(deps, { accessLog: false });
    const html = await (await app.request('/docs')).text();
    expect(html).toContain('src="docs/scalar.js"');
    expect(html).not.toMatch(/<script[^>]+src="https?:/);
    expect(html).not.toContain('cdn.jsdelivr');
    const script = await app.request('/docs/scalar.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    const pinned = (JSON.parse(await readFile('package.json', 'utf8')) as { devDependencies: Record<string, string> }).devDependencies['@scalar/api-reference'];
    expect((await script.text()).slice(0, 400)).toContain(`@scalar/api-reference ${pinned}`);
  });

  it('a runtime without the bundle answers its path 404 problem+json', async () => {
    const app = createApp({ ...deps, docsScript: undefined }, { accessLog: false });
    const res = await app.request('/docs/scalar.js');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('problem+json');
  });

  it('generates the OpenAPI document once per app and serves the same bytes after', async () => {
    const app = createApp(deps, { accessLog: false });
    const generate = vi.spyOn(app, 'getOpenAPI31Document');
    const first = await (await app.request('/openapi.json')).text();
    const again = await Promise.all([1, 2, 3].map(async () => (await app.request('/openapi.json')).text()));
    expect(generate).toHaveBeenCalledTimes(1);
    expect(again).toEqual([first, first, first]);
    expect((JSON.parse(first) as { openapi: string }).openapi).toBe('3.1.0');
  });

  it('works under a mount prefix: the page, its script and the document resolve relative to it', async () => {
    const outer = new Hono().route('/nlp', createApp(deps, { accessLog: false }));
    expect((await outer.request('/nlp/docs')).status).toBe(200);
    expect((await outer.request('/nlp/docs/scalar.js')).status).toBe(200);
    const doc = (await (await outer.request('/nlp/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/v1/classify');
  });
});
