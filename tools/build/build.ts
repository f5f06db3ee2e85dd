import { execFileSync } from 'node:child_process';
import { chmod, copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * `npm run build`: src/ → dist/ as ESM JavaScript, one file per module (the tree mirrors src/,
 * so paths a module derives from its own location, e.g. the embedded model's folder, still
 * hold), plus `.d.ts` from tsc unless `--js-only` (what `npm start` runs first: about a second).
 * dist/server.js (the production server) and dist/cli.js (the `cloze-edge` bin) are the two
 * entry files at the top; dist/vendor holds Scalar's pinned /docs bundle. dist/worker and dist/worker-assets (npm run build:worker) are kept.
 */
const jsOnly = process.argv.includes('--js-only');
const root = join(import.meta.dirname, '../..');
const dist = join(root, 'dist');

const sources = (await readdir(join(root, 'src'), { recursive: true }))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .map((f) => join(root, 'src', f));
const topLevel = new Set((await readdir(join(root, 'src'), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name));
// .build-stamp: test/support/build.ts's mark of a complete build (with .d.ts), rewritten after it builds
await Promise.all([...topLevel, 'vendor', 'server.js', 'cli.js', '.build-stamp'].map((name) => rm(join(dist, name), { recursive: true, force: true })));

await build({
  entryPoints: sources,
  outdir: dist,
  outbase: join(root, 'src'),
  format: 'esm',
  platform: 'node',
  target: 'node20',
  bundle: false,
  logLevel: 'warning',
});

await writeFile(
  join(dist, 'server.js'),
  "// The production entry: `node dist/server.js` (handles SIGTERM/SIGINT itself; see src/entries/node.ts).\nimport './entries/node.js';\n",
);
await writeFile(join(dist, 'cli.js'), "#!/usr/bin/env node\n// The `cloze-edge` command.\nimport './cli/main.js';\n");
await chmod(join(dist, 'cli.js'), 0o755);

// /docs serves Scalar's bundle from the package itself (pinned devDependency; no CDN at run time).
await mkdir(join(dist, 'vendor'), { recursive: true });
await copyFile(createRequire(import.meta.url).resolve('@scalar/api-reference/browser/standalone.js'), join(dist, 'vendor/scalar-api-reference.js'));

if (!jsOnly) {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
}
