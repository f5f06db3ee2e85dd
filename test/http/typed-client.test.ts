import { readFile } from 'node:fs/promises';
import createClient from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import type { paths } from '../../src/client/api-types.js';
import { CLIENT_TYPES_PATH, clientTypesSource } from '../../tools/client/openapi-types.js';
import { nodeApp, tempDir } from '../support/app.js';

describe('typed client', () => {
  it('committed types match the app’s current /openapi.json (run `npm run client:types` if not)', async () => {
    const committed = await readFile(CLIENT_TYPES_PATH, 'utf8');
    expect(committed === (await clientTypesSource()), `${CLIENT_TYPES_PATH} is stale: run \`npm run client:types\``).toBe(true);
  });

  it('drives the real app through openapi-fetch with the generated types (the README example)', async () => {
    const app = nodeApp(await tempDir('cloze-client-'));
    const client = createClient<paths>({ baseUrl: 'http://cloze.test', fetch: async (req: Request) => app.fetch(req) });

    const { data, error } = await client.POST('/v1/classify', { body: { text: 'I really like the film a lot.', config: 'sentiment' } });
    expect(error).toBeUndefined();
    expect(data && 'label' in data ? data.label : undefined).toBe('positive');

    const ner = await client.POST('/v1/ner', { body: { text: 'John went to Paris to visit the University.' } });
    const entities = ner.data && 'entities' in ner.data ? ner.data.entities : [];
    expect(entities.map((e) => e.text)).toContain('John');

    const missing = await client.GET('/v1/configs/{name}', { params: { path: { name: 'nope' } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toMatchObject({ code: 'config_not_found', field: 'name' });
  });
});
