import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/app.js';

/** The real `cloze-edge` bin in a child process: real model, real file store, JSON lines out. */
let dataDir: string;
beforeAll(async () => {
  dataDir = await tempDir('cloze-cli-');
});

interface Run {
  code: number | null;
  lines: Record<string, unknown>[];
  stdout: string;
  stderr: string;
}

function cli(args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      env: { ...process.env, CLOZE_DATA_DIR: dataDir, CLOZE_THREADS: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const json = !stdout.startsWith('Usage:');
      const lines = json
        ? stdout
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as Record<string, unknown>)
        : [];
      resolve({ code, lines, stdout, stderr });
    });
    child.stdin.end(stdin ?? '');
  });
}

describe('cloze-edge CLI', () => {
  it('classifies texts given as arguments, one JSON line each, with explaining mask words', async () => {
    const r = await cli(['classify', 'I really like the film a lot.', 'this movie makes me very disgusting.', '--explain', '3']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.lines.map((l) => l.label)).toEqual(['positive', 'negative']);
    expect(r.lines[0]).toMatchObject({ text: 'I really like the film a lot.', truncated: false });
    expect(r.lines[0]!.predictions).toHaveLength(3);
  });

  it('reads NER texts from stdin, one per line', async () => {
    const r = await cli(['ner'], 'John went to Paris to visit the University.\n\nMary lives in London.\n');
    expect(r.code).toBe(0);
    expect(r.lines.map((l) => l.text)).toEqual(['John went to Paris to visit the University.', 'Mary lives in London.']);
    const entities = r.lines[0]!.entities as { text: string; start: number; end: number }[];
    expect(entities.map((e) => e.text)).toContain('John');
    for (const e of entities) expect('John went to Paris to visit the University.'.slice(e.start, e.end)).toBe(e.text);
  });

  it('fills masks with top-k words', async () => {
    const r = await cli(['fill-mask', 'natural language processing is a [MASK] technology.', '-k', '4']);
    expect(r.code).toBe(0);
    const preds = (r.lines[0]!.predictions as { token: string; score: number }[][])[0]!;
    expect(preds).toHaveLength(4);
    expect(preds[0]!.score).toBeGreaterThanOrEqual(preds[3]!.score);
  });

  it('stores, lists, uses and deletes a config in the same store as the server', async () => {
    const doc = { task: 'classify', template: '{text} It was [MASK].', verbalizer: { up: ['good'], down: ['bad'] } };
    const file = join(dataDir, 'doc.json');
    await writeFile(file, JSON.stringify(doc));
    const put = await cli(['configs', 'put', 'cli-test', file]);
    expect(put.code).toBe(0);
    expect(put.lines[0]).toMatchObject({ name: 'cli-test', preset: false, config: { template: doc.template } });
    const piped = await cli(['configs', 'put', 'cli-piped'], JSON.stringify(doc));
    expect(piped.code).toBe(0);
    const list = await cli(['configs', 'list']);
    expect(list.lines.map((l) => l.name)).toEqual(expect.arrayContaining(['cli-test', 'cli-piped', 'sentiment', 'ner']));
    expect((await cli(['configs', 'get', 'cli-test'])).lines[0]).toMatchObject({ name: 'cli-test', hash: put.lines[0]!.hash });
    expect((await cli(['classify', '-c', 'cli-test', 'Fine.'])).lines[0]!.scores).toHaveProperty('up');
    expect((await cli(['configs', 'delete', 'cli-test'])).lines[0]).toEqual({ deleted: 'cli-test' });
    const gone = await cli(['configs', 'get', 'cli-test']);
    expect(gone.code).toBe(1);
    expect(JSON.parse(gone.stderr)).toMatchObject({ error: { code: 'config_not_found', field: 'name' } });
  });

  it('reports bad input as a JSON error line naming the field, exit code 1', async () => {
    const noMask = await cli(['classify', '-t', '{text} was fine.', '--verbalizer', '{"a":["good"],"b":["bad"]}', 'x']);
    expect(noMask.code).toBe(1);
    expect(JSON.parse(noMask.stderr)).toMatchObject({ error: { code: 'template_missing_mask', field: 'template', status: 422 } });
    const badName = await cli(['configs', 'get', '../etc/passwd']);
    expect(JSON.parse(badName.stderr)).toMatchObject({ error: { code: 'validation_failed', field: 'name' } });
    const preset = await cli(['configs', 'delete', 'sentiment']);
    expect(JSON.parse(preset.stderr)).toMatchObject({ error: { code: 'config_read_only' } });
    const topK = await cli(['fill-mask', 'a [MASK].', '-k', '0']);
    expect(JSON.parse(topK.stderr)).toMatchObject({ error: { field: 'top_k' } });
  });

  it('has --help for every command', async () => {
    for (const cmd of [[], ['serve'], ['classify'], ['ner'], ['fill-mask'], ['configs'], ['configs', 'put']]) {
      const r = await cli([...cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: cloze-edge/);
    }
  });
});
