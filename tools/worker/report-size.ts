import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Prints the size of a `wrangler deploy --dry-run --outdir <dir>` upload (script + modules,
 * without source maps), raw and gzip, and exits 1 over the Workers limit of 10 MB gzip.
 * Usage: tsx tools/worker/report-size.ts [dir]
 */
const LIMIT_GZIP = 10 * 1024 * 1024;
const dir = resolve(process.argv[2] ?? 'dist/worker');
const mib = (n: number): string => `${(n / 2 ** 20).toFixed(2)} MiB`;

const names = (await readdir(dir)).filter((n) => /\.(m?js|wasm|cjs)$/.test(n)).sort();
if (!names.length) throw new Error(`${dir} holds no script: run wrangler deploy --dry-run --outdir ${dir} first`);
let raw = 0;
let gzip = 0;
for (const name of names) {
  const bytes = await readFile(join(dir, name));
  const gz = gzipSync(bytes).length;
  raw += bytes.length;
  gzip += gz;
  console.log(`  ${name.padEnd(64)} ${mib(bytes.length).padStart(11)} raw ${mib(gz).padStart(11)} gzip`);
}
console.log(`worker script: ${mib(raw)} raw, ${mib(gzip)} gzip (limit ${mib(LIMIT_GZIP)} gzip, ${((100 * gzip) / LIMIT_GZIP).toFixed(0)}% used)`);
if (gzip > LIMIT_GZIP) {
  console.error(`too large: ${mib(gzip)} gzip is over the ${mib(LIMIT_GZIP)} limit`);
  process.exit(1);
}
