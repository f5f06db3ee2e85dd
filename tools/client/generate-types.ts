import { writeFile } from 'node:fs/promises';
import { CLIENT_TYPES_PATH, clientTypesSource } from './openapi-types.js';

/** `npm run client:types`: regenerates src/client/api-types.ts from the app's /openapi.json. */
await writeFile(CLIENT_TYPES_PATH, await clientTypesSource());
console.log(`wrote ${CLIENT_TYPES_PATH}`);
