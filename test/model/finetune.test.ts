import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryConfigStore } from '../../src/core/config/config-store.js';
import { configSchema } from '../../src/core/config/schema.js';
import { PromptEngine } from '../../src/core/engine.js';
import { loadNodeModel } from '../../src/runtime/node/load-model.js';
import { tempDir } from '../support/app.js';
import { PYTHON, pythonHas, run } from '../support/python.js';
import { NAME_SENTENCES, nerExamplesOf } from '../support/ner-examples.js';

/** The tool needs Debian's python3-torch and python3-onnx (see docs/design/few-shot.md); without them this file is skipped. */
const hasTorch = await pythonHas('torch, onnx');

describe.skipIf(!hasTorch)('tools/finetune (PET-style prompt fine-tuning)', () => {
  it('tunes the model on a config’s examples and exports a folder CLOZE_MODEL loads, recording what it was tuned on', async () => {
    const dir = await tempDir('cloze-finetune-');
    const examples = [
      ['A wonderful, moving film.', 'positive'],
      ['Brilliant acting and a great story.', 'positive'],
      ['A dull, boring mess.', 'negative'],
      ['Terrible acting and a stupid story.', 'negative'],
    ].map(([text, label]) => ({ text, label }));
    // Backwards label words: only training can make the model answer the right way round.
    const config = { task: 'classify', template: '{text} It was [MASK].', verbalizer: { positive: ['bad'], negative: ['good'] }, examples };
    await writeFile(join(dir, 'config.json'), JSON.stringify(config));
    const out = join(dir, 'model');
    await run(PYTHON, ['tools/finetune/finetune.py', '--config', join(dir, 'config.json'), '--out', out, '--epochs', '20', '--lr', '5e-4', '--batch', '4'], {
      timeout: 300_000,
    });
    const record = JSON.parse(await readFile(join(out, 'finetune.json'), 'utf8')) as { examples: number; template: string; examples_sha256: string };
    expect(record).toMatchObject({ examples: 4, template: config.template });
    expect(record.examples_sha256).toMatch(/^[0-9a-f]{64}$/);

    const engine = new PromptEngine(await loadNodeModel({ location: out, threads: 1 }), new MemoryConfigStore(), { resultCacheSize: 0 });
    const { examples: _e, ...zeroShot } = config;
    const answers = await engine.classify(
      { inline: configSchema.parse(zeroShot) },
      examples.map((e) => e.text!),
    );
    expect(answers.map((a) => a.label)).toEqual(examples.map((e) => e.label));
    const fill = await engine.fillMask('paris is the [MASK] of france.', { topK: 5 });
    expect(fill[0]).toHaveLength(5);
  }, 300_000);

  it('tunes on an NER config through the engine’s own span prompts (prompt-rows.ts) and records it', async () => {
    const dir = await tempDir('cloze-finetune-ner-');
    const examples = nerExamplesOf(NAME_SENTENCES.slice(0, 3));
    // Backwards type words: only training can make the model type the names the right way round.
    const config = {
      task: 'ner',
      template: '{text} {span} is a [MASK].',
      types: { person: ['city'], location: ['person'] },
      options: { none_words: ['thing'], threshold: 0.3 },
      examples,
    };
    await writeFile(join(dir, 'config.json'), JSON.stringify(config));
    await run('npx', ['tsx', 'tools/finetune/prompt-rows.ts', join(dir, 'config.json'), join(dir, 'rows.json')], { timeout: 120_000 });
    const rows = JSON.parse(await readFile(join(dir, 'rows.json'), 'utf8')) as { labels: string[]; rows: { ids: number[]; mask: number; label: number }[] };
    expect(rows.labels).toEqual(['person', 'location', '__none__']);
    // Whole names are rows with their gold type; their parts ("John", "Smith") are "none" rows.
    expect(rows.rows.filter((r) => r.label === 0)).toHaveLength(3);
    expect(rows.rows.filter((r) => r.label === 1)).toHaveLength(4);
    expect(rows.rows.filter((r) => r.label === 2).length).toBeGreaterThanOrEqual(6);
    const out = join(dir, 'model');
    await run(
      PYTHON,
      [
        'tools/finetune/finetune.py',
        '--config',
        join(dir, 'config.json'),
        '--rows',
        join(dir, 'rows.json'),
        '--out',
        out,
        '--epochs',
        '12',
        '--lr',
        '5e-4',
        '--batch',
        '8',
        '--threads',
        '1',
      ],
      { timeout: 600_000 },
    );
    const record = JSON.parse(await readFile(join(out, 'finetune.json'), 'utf8')) as { task: string; rows: number };
    expect(record).toMatchObject({ task: 'ner', rows: rows.rows.length });
    const engine = new PromptEngine(await loadNodeModel({ location: out, threads: 1 }), new MemoryConfigStore(), { resultCacheSize: 0 });
    const { examples: _e, ...zeroShot } = config;
    const [r] = await engine.ner({ inline: configSchema.parse(zeroShot) }, [NAME_SENTENCES[0]![0]]);
    expect(r!.entities.map((e) => [e.text, e.type])).toEqual(NAME_SENTENCES[0]![1]);
  }, 600_000);
});
