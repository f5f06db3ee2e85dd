import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAYGROUND_HTML } from '../../src/http/playground/page-html.js';
import { startWorker, type WorkerServer } from '../../tools/worker/wrangler-dev.js';

/** GET /playground from the built Worker in real workerd: the same page, byte for byte, as on Node. */
let server: WorkerServer;
beforeAll(async () => {
  server = await startWorker({ withoutKv: true });
});
afterAll(async () => {
  await server?.stop();
});

describe('playground in workerd', () => {
  it('serves the self-contained page with its security headers', async () => {
    const res = await fetch(`${server.url}/playground`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const html = await res.text();
    expect(html).toBe(PLAYGROUND_HTML);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']?https?:/);
  });

  it('answers the API calls the page makes on load', async () => {
    const configs = await fetch(`${server.url}/v1/configs`);
    expect(configs.status).toBe(200);
    const names = ((await configs.json()) as { configs: { name: string }[] }).configs.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['sentiment', 'ner']));
    const preset = await fetch(`${server.url}/v1/configs/sentiment`);
    expect(((await preset.json()) as { config: { template: string } }).config.template).toContain('[MASK]');
    expect((await fetch(`${server.url}/openapi.json`)).status).toBe(200);
  });
});
