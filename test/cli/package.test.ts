import { execFile, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/app.js';
import { ensureBuilt } from '../support/build.js';
import { freePort, waitFor200 } from '../../tools/lib/loopback.js';

const run = promisify(execFile);
const npm = (args: string[], cwd: string) =>
  run('npm', args, { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false' } });

/**
 * The npm package as a user gets it: `npm pack` of the built tree, installed with `hono` into an
 * empty project (from the local npm cache where it can), mounted with `app.route('/nlp', clozeEdge())`.
 */
let root: string;
let files: string[];
let consumer: string;

beforeAll(async () => {
  root = await ensureBuilt();
  const out = await tempDir('cloze-pack-');
  const { stdout } = await npm(['pack', '--json', '--pack-destination', out], root);
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  files = packed!.files.map((f) => f.path);
  consumer = await tempDir('cloze-consumer-');
  await writeFile(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const hono = (
    JSON.parse(await (await import('node:fs/promises')).readFile(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }
  ).devDependencies.hono;
  await npm(['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', join(out, packed!.filename), `hono@${hono}`], consumer);
}, 600_000);

describe('the npm package', () => {
  it('ships the build, the model and nothing of the development tree', () => {
    expect(files).toEqual(
      expect.arrayContaining(['package.json', 'README.md', 'dist/server.js', 'dist/cli.js', 'dist/entries/hono.d.ts', 'dist/entries/index.js']),
    );
    expect(files.some((f) => f.startsWith('models/cloze-bert-mini/onnx/'))).toBe(true);
    const stray = files.filter(
      (f) => /^(src|test|bench|tools|\.ci|docs|functions|dist\/worker|dist\/worker-assets)\//.test(f) || f.endsWith('.ts') !== f.endsWith('.d.ts'),
    );
    expect(stray).toEqual([]);
  });

  it('is publint clean', async () => {
    const { messages } = await publint({ pkgDir: root, level: 'suggestion', pack: 'npm' });
    expect(messages).toEqual([]);
  });

  it('mounts in an empty Hono app under /nlp and classifies with the embedded model', async () => {
    await mkdir(join(consumer, 'src'), { recursive: true });
    await writeFile(
      join(consumer, 'src/app.ts'),
      `import { Hono } from 'hono';
import { clozeEdge } from 'cloze-edge/hono';
import { PRESETS, type ClassifyResult } from 'cloze-edge';
import type { paths } from 'cloze-edge/client';

type Answer = paths['/v1/classify']['post']['responses'][200]['content']['application/json'];
const app = new Hono();
app.get('/', (c) => c.text('my app'));
app.route('/nlp', clozeEdge());
const res = await app.request('/nlp/v1/classify', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ text: 'I really like the film a lot.', config: 'sentiment' }),
});
const body = (await res.json()) as Answer & ClassifyResult;
const doc = (await (await app.request('/nlp/openapi.json')).json()) as { paths: Record<string, unknown> };
console.log(JSON.stringify({ status: res.status, label: body.label, presets: PRESETS.size, root: await (await app.request('/')).text(), openapi: Object.keys(doc.paths).length }));
`,
    );
    await writeFile(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          skipLibCheck: false,
          types: [],
          lib: ['ES2023', 'DOM'],
          outDir: 'out',
        },
        include: ['src'],
      }),
    );
    // the published .d.ts files type-check a consumer's code (tsc from this project), then it runs
    await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', consumer], { cwd: consumer }).catch((err: { stdout?: string }) => {
      throw new Error(`tsc: ${err.stdout ?? String(err)}`);
    });
    const { stdout } = await run(process.execPath, ['out/app.js'], { cwd: consumer });
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toMatchObject({ status: 200, label: 'positive', root: 'my app' });
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!).presets).toBeGreaterThan(0);
  });

  it('installs the cloze-edge command', async () => {
    const { stdout } = await run(join(consumer, 'node_modules/.bin/cloze-edge'), ['classify', 'a wonderful, moving film'], { cwd: consumer });
    expect(JSON.parse(stdout)).toMatchObject({ label: 'positive' });
  });

  it('serves from the installed tree as the container does (node dist/server.js with production dependencies), and stops cleanly', async () => {
    const port = await freePort();
    const dataDir = await tempDir('cloze-image-data-');
    const child = spawn(process.execPath, ['dist/server.js'], {
      cwd: join(consumer, 'node_modules/cloze-edge'),
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', CLOZE_DATA_DIR: dataDir, CLOZE_WORKERS: '1', CLOZE_ACCESS_LOG: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const base = `http://127.0.0.1:${port}`;
    await waitFor200(`${base}/readyz`, 60_000);
    const put = await fetch(`${base}/v1/configs/mine`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ task: 'classify', template: '{text} It was [MASK].', verbalizer: { up: ['good'], down: ['bad'] } }),
    });
    expect(put.status).toBe(201);
    expect((await fetch(`${base}/docs`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('shutdown complete');
  });
});
