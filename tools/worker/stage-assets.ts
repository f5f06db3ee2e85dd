import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { modelNameSchema } from '../../src/core/config/schema.js';

/**
 * Copies the model folder into the Worker's static-assets directory, leaving out what the
 * Worker never loads (fp32 graphs, vocab.txt, docs) and failing on any file over the 25 MiB
 * per-asset limit. CLI: tsx tools/worker/stage-assets.ts [modelDir] [outDir]; with CLOZE_MODELS_DIR set, its
 * model folders are staged too, as the named models configs can use (stageNamedModels)
 */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_MODEL_DIR = join(REPO_ROOT, 'models/cloze-bert-mini');
/** wrangler.toml's `[assets] directory` plus its CLOZE_MODEL_PATH. */
export const DEFAULT_ASSETS_MODEL_DIR = join(REPO_ROOT, 'dist/worker-assets/model');
export const MAX_ASSET_BYTES = 25 * 1024 * 1024;

/** Only the files the Worker reads: JSON configs/tokenizer and quantized ONNX graphs. */
export function isWorkerModelFile(path: string): boolean {
  if (path.endsWith('.json')) return !path.includes('/');
  return /^onnx\/[\w-]+_quantized\.onnx$/.test(path);
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(full)));
    else if (e.isFile()) out.push(full);
  }
  return out;
}

export interface StagedModel {
  files: string[];
  bytes: number;
}

export async function stageModelAssets(modelDir = DEFAULT_MODEL_DIR, outDir = DEFAULT_ASSETS_MODEL_DIR): Promise<StagedModel> {
  const files = (await walk(modelDir))
    .map((f) => relative(modelDir, f).split('\\').join('/'))
    .filter(isWorkerModelFile)
    .sort();
  if (!files.includes('config.json') || !files.some((f) => f.endsWith('.onnx'))) {
    throw new Error(`${modelDir} has no config.json or no quantized ONNX graph`);
  }
  const sizes = await Promise.all(files.map(async (f) => (await stat(join(modelDir, f))).size));
  files.forEach((f, i) => {
    if (sizes[i]! > MAX_ASSET_BYTES) throw new Error(`${f} is ${(sizes[i]! / 2 ** 20).toFixed(1)} MiB: over the 25 MiB asset limit`);
  });
  // Idempotent and safe to run while a server reads the folder: unchanged files are kept,
  // changed ones replaced by rename, files no longer wanted removed.
  for (const [i, f] of files.entries()) {
    const src = join(modelDir, f);
    const dest = join(outDir, f);
    const current = await stat(dest).catch(() => undefined);
    if (current && current.size === sizes[i] && current.mtimeMs >= (await stat(src)).mtimeMs) continue;
    await mkdir(dirname(dest), { recursive: true });
    const tmp = `${dest}.${process.pid}.tmp`;
    await copyFile(src, tmp);
    await rename(tmp, dest);
  }
  const present = await walk(outDir).catch(() => [] as string[]);
  const keep = new Set(files.map((f) => join(outDir, f)));
  await Promise.all(present.filter((p) => !keep.has(p) && !p.endsWith('.tmp')).map((p) => rm(p, { force: true })));
  return { files, bytes: sizes.reduce((a, b) => a + b, 0) };
}

/** Scalar's pinned API-reference bundle, which the Worker serves at /docs/scalar.js (from `<assets>/docs/scalar.js`). */
export async function stageDocsScript(assetsDir: string): Promise<void> {
  await mkdir(join(assetsDir, 'docs'), { recursive: true });
  await copyFile(createRequire(import.meta.url).resolve('@scalar/api-reference/browser/standalone.js'), join(assetsDir, 'docs/scalar.js'));
}

/** The Worker's named models (CLOZE_MODELS_PATH, default `models/` in the assets). */
export const DEFAULT_ASSETS_MODELS_DIR = join(REPO_ROOT, 'dist/worker-assets/models');

/**
 * Stages every model folder of `modelsDir` (CLOZE_MODELS_DIR: `<name>/` each, e.g. written by
 * `cloze-edge tune`) as `<outDir>/<name>/`, where the Worker loads the models configs name
 * (`"model": "<name>"`); folders no longer there are removed. Names must be valid model names.
 */
export async function stageNamedModels(modelsDir: string, outDir = DEFAULT_ASSETS_MODELS_DIR): Promise<Record<string, StagedModel>> {
  const names = (await readdir(modelsDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  const staged: Record<string, StagedModel> = {};
  for (const name of names.sort()) {
    if (!modelNameSchema.safeParse(name).success)
      throw new Error(`${join(modelsDir, name)}: "${name}" is not a valid model name (lower-case letters, digits, "_", "-", ".")`);
    staged[name] = await stageModelAssets(join(modelsDir, name), join(outDir, name));
  }
  const present = await readdir(outDir, { withFileTypes: true }).catch(() => []);
  await Promise.all(present.filter((e) => !(e.name in staged)).map((e) => rm(join(outDir, e.name), { recursive: true, force: true })));
  return staged;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const outDir = resolve(process.argv[3] ?? DEFAULT_ASSETS_MODEL_DIR);
  const staged = await stageModelAssets(resolve(process.argv[2] ?? DEFAULT_MODEL_DIR), outDir);
  await stageDocsScript(dirname(outDir));
  console.log(
    `staged ${staged.files.length} model files (${(staged.bytes / 2 ** 20).toFixed(1)} MiB) into ${relative(REPO_ROOT, outDir)}: ${staged.files.join(', ')}`,
  );
  const modelsDir = process.env.CLOZE_MODELS_DIR;
  if (modelsDir) {
    const named = await stageNamedModels(resolve(modelsDir));
    for (const [name, m] of Object.entries(named))
      console.log(`staged named model ${name} (${(m.bytes / 2 ** 20).toFixed(1)} MiB) into ${relative(REPO_ROOT, join(DEFAULT_ASSETS_MODELS_DIR, name))}`);
  }
}
