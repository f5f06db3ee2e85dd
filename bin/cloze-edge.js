#!/usr/bin/env node
// `npx cloze-edge …`: runs the TypeScript CLI through tsx (a dependency), no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
