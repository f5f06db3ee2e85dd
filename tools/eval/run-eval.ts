import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { configSchema, type PromptConfig } from '../../src/core/config/schema.js';
import { PromptEngine } from '../../src/core/engine.js';
import { FileConfigStore } from '../../src/runtime/node/file-config-store.js';
import { loadNodeModel, modelOptionsFromEnv } from '../../src/runtime/node/load-model.js';
import type { DataFormat } from './datasets.js';
import { DEV_SETS, devSetPath, loadRows, type DevSet } from './dev-sets.js';
import { learningCurve, runSize, type CurveResult, type EvalTask } from './learning-curve.js';
import { curveTable, markdownReport, nerBreakdown } from './report.js';
import { splitHeldApart, tunePart } from './sampling.js';

export interface EvalOptions {
  /** A labelled file to score (TSV/CSV/JSONL or CoNLL BIO); without it, `dataset` names built-in dev sets. */
  file?: string;
  dataset?: string[];
  /** Preset name, stored config name (CLOZE_DATA_DIR) or a JSON config file; default: each dev set's preset. */
  config?: string;
  format?: DataFormat;
  /** Examples are drawn from this file; default: the training part of the evaluated file. */
  train?: string;
  shots: number[];
  seeds: number;
  testRows?: number;
  /**
   * Which rows are scored: 'held' (default) the fixed held-apart part, never used for tuning;
   * 'tune' the last `testRows` rows of the training pool (examples then come from the rest):
   * the part methods, presets' temperatures and defaults are tuned on.
   */
  part?: 'held' | 'tune';
  json?: string;
  md?: string;
  /** Write every fitted config (with its examples) here, e.g. for tools/finetune. */
  saveConfigs?: string;
  progress: boolean;
  command: string;
}

/**
 * The evaluator behind `npm run eval`: loads the model once, builds one
 * task per dev set or file (held-apart test rows, disjoint training pool), runs the learning
 * curve through the engine's real fit and scoring paths, and writes JSON / Markdown reports.
 */
export async function runEval(o: EvalOptions): Promise<CurveResult[]> {
  // Stored configs are read from the server's folder (CLOZE_DATA_DIR, default ./.data).
  const engine = new PromptEngine(await loadNodeModel(modelOptionsFromEnv()), new FileConfigStore(process.env.CLOZE_DATA_DIR ?? './.data'), {
    resultCacheSize: 0,
  });
  const tasks = await buildTasks(engine, o);
  const total = tasks.reduce((n, t) => n + runSize(t) * o.shots.reduce((a, k) => a + (k === 0 ? 1 : o.seeds), 0), 0);
  const bar = new SingleBar(
    { format: 'eval {bar} {percentage}% | {value}/{total} rows | {task} | eta {eta_formatted}', stream: process.stderr, noTTYOutput: false },
    Presets.shades_classic,
  );
  if (o.progress) bar.start(total, 0, { task: '' });
  const results: CurveResult[] = [];
  try {
    for (const task of tasks) {
      if (o.progress) bar.update({ task: task.name });
      const save = o.saveConfigs;
      const onFitted = save
        ? async (k: number, seed: number, config: PromptConfig) => {
            await mkdir(save, { recursive: true });
            await writeFile(join(save, `${basename(task.name).replace(/\.[^.]*$/, '')}-${k}shot-seed${seed}.json`), `${JSON.stringify(config, null, 2)}\n`);
          }
        : undefined;
      results.push(await learningCurve(engine, task, o.shots, o.seeds, (n) => o.progress && bar.increment(n), onFitted));
    }
  } finally {
    if (o.progress) bar.stop();
  }
  const model = engine.model.id.replace(`${process.cwd()}/`, '');
  const report = { model, command: o.command, shots: o.shots, seeds: o.seeds, results };
  if (o.json) await writeFile(o.json, `${JSON.stringify(report, null, 2)}\n`);
  if (o.md) await writeFile(o.md, markdownReport(results, { model, command: o.command, seeds: o.seeds }));
  console.log(curveTable(results));
  const ner = nerBreakdown(results);
  if (ner) console.log(`\n${ner}`);
  return results;
}

async function resolveConfig(engine: PromptEngine, ref: string): Promise<PromptConfig> {
  if (/\.json$/i.test(ref)) return engine.fit(configSchema.parse(JSON.parse(await readFile(ref, 'utf8'))));
  const stored = await engine.getConfig(ref);
  if (!stored) throw new Error(`no preset or stored config named "${ref}" (a config file must end in .json)`);
  return stored.config;
}

async function buildTasks(engine: PromptEngine, o: EvalOptions): Promise<EvalTask[]> {
  if (o.file) {
    if (!o.config) throw new Error('--config is needed with a file (a preset, a stored config name or a .json config)');
    const set: DevSet = { name: o.file, file: o.file, preset: o.config, kind: 'classify', testRows: o.testRows ?? 1000 };
    return [await taskOf(engine, set, o.file, o)];
  }
  const names = o.dataset ?? DEV_SETS.map((d) => d.name);
  const tasks = await Promise.all(
    names.map((n) => {
      const set = DEV_SETS.find((d) => d.name === n);
      if (!set) throw new Error(`unknown dev set "${n}" (${DEV_SETS.map((d) => d.name).join(', ')})`);
      return partTasks(engine, set, o);
    }),
  );
  return tasks.flat();
}

/**
 * A dev set with fixed parts (conll): the held-apart part is scored and the tuned part is the
 * example pool; zero-shot alone (no -n, no --train) scores the tuned part too, as its own row.
 */
async function partTasks(engine: PromptEngine, set: DevSet, o: EvalOptions): Promise<EvalTask[]> {
  const task = await taskOf(engine, set, devSetPath(set), o);
  if (!set.parts || o.train || o.testRows !== undefined) return [task];
  const all = [...task.test, ...task.train] as unknown[];
  const rows = (await loadRows(devSetPath(set), o.format, set.labelMap)).rows as typeof all;
  const { tuned, heldApart } = set.parts(rows);
  const held = { ...task, name: `${set.name} held-apart`, test: heldApart, train: tuned } as EvalTask;
  if (!o.shots.every((k) => k === 0) || all.length !== rows.length) return [held];
  return [{ ...task, name: `${set.name} tuned`, test: tuned, train: [] } as EvalTask, held];
}

async function taskOf(engine: PromptEngine, set: DevSet, path: string, o: EvalOptions): Promise<EvalTask> {
  const configName = o.config ?? set.preset;
  const config = await resolveConfig(engine, configName);
  const data = await loadRows(path, o.format, set.labelMap);
  const testRows = o.testRows ?? set.testRows;
  // Zero-shot alone with no -n scores every row (as the model card's table); otherwise, without
  // a training file, the evaluated file is split: scored rows are never drawn as examples.
  const everyRow = o.shots.every((k) => k === 0) && o.testRows === undefined && !o.train;
  const other = o.train ? await loadRows(o.train, undefined, set.labelMap) : undefined;
  if (other && other.kind !== data.kind) throw new Error('--train must hold the same kind of rows as the evaluated file');
  const common = { name: set.name, configName };
  if (data.kind === 'classify') {
    const split = scoredAndPool(data.rows, other?.rows as typeof data.rows | undefined, testRows, everyRow, o.part);
    if (config.task !== 'classify') throw new Error(`config "${configName}" is for ${config.task}, the file holds labelled texts`);
    return { kind: 'classify', ...common, config, ...split };
  }
  const split = scoredAndPool(data.rows, other?.rows as typeof data.rows | undefined, testRows, everyRow);
  if (config.task !== 'ner') throw new Error(`config "${configName}" is for ${config.task}, the file holds CoNLL sentences`);
  return { kind: 'ner', ...common, config, ...split };
}

/** The rows scored and the pool examples are drawn from: every row (no pool), the first `testRows` with another file as the pool, or a held-apart split of one file. */
function scoredAndPool<T>(
  rows: T[],
  train: T[] | undefined,
  testRows: number,
  everyRow: boolean,
  part: EvalOptions['part'] = 'held',
): { test: T[]; train: T[] } {
  if (part === 'tune') return tunePart(train ?? splitHeldApart(rows, testRows).train, testRows);
  if (everyRow) return { test: rows, train: [] };
  if (train) return { test: rows.slice(0, testRows), train };
  return splitHeldApart(rows, testRows);
}
