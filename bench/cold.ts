import * as ortNode from 'onnxruntime-node';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MODEL_DIR } from '../src/runtime/node/model-source.js';
import { ms, type Row } from './timing.js';

type Phases = Record<string, number>;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/**
 * Where a cold Worker's first answer goes, with the Worker's runtime (onnxruntime-web WASM,
 * one thread) and code path, each load in a fresh process, variants alternating: the graph as
 * shipped with optimization `all` at session creation, against the same graph optimized
 * ahead of time (onnxruntime-node, level `extended`, saved) and loaded with optimization off.
 */
export async function coldRows(quick: boolean): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cloze-cold-'));
  const preOptimized = join(dir, 'model_masked_quantized.extended.onnx');
  await ortNode.InferenceSession.create(join(DEFAULT_MODEL_DIR, 'onnx/model_masked_quantized.onnx'), {
    graphOptimizationLevel: 'extended',
    optimizedModelFilePath: preOptimized,
    intraOpNumThreads: 1,
  });
  // [name, node flags, script args, rounds]: the last one shows how much of the time is V8's
  // baseline WebAssembly tier (Liftoff) — off, every function is compiled optimized on first call
  const variants: [string, string[], string[], number][] = [
    ['graph as shipped, optimization all (the Worker today)', [], ['--optimization', 'all'], quick ? 1 : 3],
    ['graph optimized ahead of time (extended), optimization off', [], ['--optimization', 'disabled', '--onnx', preOptimized], quick ? 1 : 3],
    ['graph as shipped, optimization all, node --no-liftoff', ['--no-liftoff'], ['--optimization', 'all'], 1],
  ];
  const runs: Phases[][] = variants.map(() => []);
  for (let r = 0; r < (quick ? 1 : 3); r++) {
    variants.forEach(([, flags, args, rounds], v) => {
      if (r >= rounds) return;
      const out = execFileSync(process.execPath, [...flags, '--import', 'tsx', 'bench/cold-phases.ts', ...args], { encoding: 'utf8' });
      runs[v]!.push(JSON.parse(out.trim().split('\n').at(-1)!) as Phases);
    });
  }
  const rows: Row[] = [];
  variants.forEach(([name], v) => {
    const m = (k: string) => median(runs[v]!.map((p) => p[k]!));
    const first = m('files_and_tokenizer') + m('session_create') + m('first_classify');
    rows.push({
      section: '6 cold start phases (WASM, Node)',
      variant: name,
      value: `compile ${ms(m('wasm_compile'))} (at script load in workerd); files+tokenizer ${ms(m('files_and_tokenizer'))}, session ${ms(m('session_create'))}, first classify ${ms(m('first_classify'))}, second ${ms(m('second_classify'))}`,
      ratio: `first answer ${ms(first)}`,
    });
  });
  return rows;
}
