/**
 * `import type { paths } from 'cloze-edge/client'`: the API's request and response types,
 * generated from /openapi.json (use them with openapi-fetch; see the README).
 */
export type { components, operations, paths } from '../client/api-types.js';
