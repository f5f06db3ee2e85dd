import openapiTS, { astToString } from 'openapi-typescript';
import type { OpenAPI3 } from 'openapi-typescript';
import { createApp } from '../../src/http/app.js';

/** Where the generated request/response types are committed. */
export const CLIENT_TYPES_PATH = 'src/client/api-types.ts';

const HEADER = `/**
 * Request and response types of the cloze-edge HTTP API, generated from GET /openapi.json by
 * openapi-typescript. Do not edit: run \`npm run client:types\` after changing a route schema
 * (test/unit/client-types.test.ts fails while this file is stale). Use with openapi-fetch.
 */

`;

/** The app's OpenAPI document, read through the app itself (no model needed). */
export async function appOpenApi(): Promise<OpenAPI3> {
  const app = createApp({ engine: () => Promise.reject(new Error('the OpenAPI document needs no model')), isReady: () => false });
  const res = await app.request('/openapi.json');
  if (res.status !== 200) throw new Error(`GET /openapi.json answered ${res.status}`);
  return (await res.json()) as OpenAPI3;
}

/** The TypeScript source of the client types for the app's current routes. */
export async function clientTypesSource(): Promise<string> {
  const ast = await openapiTS(await appOpenApi(), { alphabetize: false, exportType: false });
  return HEADER + astToString(ast);
}
