import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import type { ConfigStore } from '../../core/config/config-store.js';
import { MemoryConfigStore } from '../../core/config/config-store.js';
import { modelNameSchema, type PromptConfig } from '../../core/config/schema.js';
import { PromptEngine } from '../../core/engine.js';
import { ClozeError } from '../../core/errors.js';
import { zeroShotPart } from '../../core/fewshot/fit-config.js';
import { loadNodeModel } from '../../runtime/node/load-model.js';
import { DEFAULT_MODEL_DIR } from '../../runtime/node/model-source.js';
import { modelCard } from './model-card.js';
import { promptRows, type PromptRows } from './prompt-rows.js';
import { findPython } from './python-env.js';
import { runTunePython, type TuneEvent, type TuneSummary } from './run-python.js';
import { splitValidation } from './split.js';
import { readTuneConfig, readTuneExamples } from './tune-inputs.js';

/** A tuned folder must fit the Worker's 25 MiB asset limit and stay cheap to ship. */
export const MAX_TUNED_BYTES = 25 * 1024 * 1024;

export interface TuneOptions {
  config: string;
  examples?: string;
  out: string;
  base?: string;
  seed: number;
  val: number;
  epochs: number;
  patience: number;
  lr: number;
  batch: number;
  mlmWeight: number;
  refit: 'auto' | 'yes' | 'no';
  /** Time budget in minutes (0: none): no epoch starts that would end past it. */
  maxMinutes: number;
  threads: number;
  python?: string;
  progress: boolean;
  command: string;
}

/** `cloze-edge tune`: reads and checks config and examples, checks Python, trains (python/tune.py), writes and checks the folder. */
export async function runTune(o: TuneOptions, store: ConfigStore, log: (line: string) => void): Promise<void> {
  const started = Date.now();
  const full = await readTuneConfig(o.config, store);
  const config = zeroShotPart(full);
  const examples = o.examples ? await readTuneExamples(o.examples, config) : (full.examples ?? []);
  if (examples.length < 2)
    throw new ClozeError('validation_failed', 'give at least 2 labelled examples (--examples, or `examples` in the config)', { field: 'examples' });
  const out = resolve(o.out);
  // the folder's name is the name configs give in `model`
  if (!modelNameSchema.safeParse(basename(out)).success)
    throw new ClozeError(
      'validation_failed',
      `--out: the folder's name "${basename(out)}" is what configs name in \`model\`: use lower-case letters, digits, "_", "-" and "."`,
      {
        field: 'out',
      },
    );
  if ((await readdir(out).catch(() => [])).length > 0) throw new ClozeError('validation_failed', `--out ${o.out} exists and is not empty`, { field: 'out' });
  // the inputs are checked first (a typo costs no Python start), then the requirements, before any work
  const { python, versions } = await findPython(o.python);
  const base = resolve(o.base ?? DEFAULT_MODEL_DIR);
  const baseModel = await loadNodeModel({ location: base, threads: 1 });
  const { train, val } = splitValidation(examples, o.val, o.seed);
  const refit = o.refit === 'yes' || (o.refit === 'auto' && val.length < 200);
  const trainRows = promptRows(baseModel, config, train);
  const valRows = promptRows(baseModel, config, val);
  log(
    `${python}: ${versions}. ${examples.length} examples: ${train.length} train, ${val.length} validation (seed ${o.seed}); ${trainRows.rows.length + valRows.rows.length} prompt rows.`,
  );

  const work = await mkdtemp(join(tmpdir(), 'cloze-tune-'));
  try {
    const job = {
      base_model: base,
      out,
      node: process.execPath,
      special: specialIds(baseModel.tokenizer),
      labels: trainRows.labels,
      words: trainRows.words,
      train: jobRows(trainRows),
      val: jobRows(valRows),
      epochs: o.epochs,
      patience: o.patience,
      lr: o.lr,
      batch: o.batch,
      mlm_weight: o.mlmWeight,
      seed: o.seed,
      threads: o.threads,
      refit,
      max_seconds: o.maxMinutes * 60,
    };
    const jobPath = join(work, 'job.json');
    await writeFile(jobPath, JSON.stringify(job));
    await mkdir(out, { recursive: true });
    const summary = await withProgress(o.progress, log, (onEvent) => runTunePython(python, jobPath, onEvent));
    const bytes = await folderBytes(out);
    if (bytes > MAX_TUNED_BYTES) throw new Error(`the tuned folder is ${(bytes / 2 ** 20).toFixed(1)} MiB, over ${MAX_TUNED_BYTES / 2 ** 20} MiB`);
    const name = basename(out);
    const served: PromptConfig = { ...config, model: name };
    const valAccuracy = val.length > 0 && config.task === 'classify' ? await engineAccuracy(out, config, val as { text: string; label: string }[]) : null;
    const labelCounts: Record<string, number> = {};
    for (const e of examples) for (const l of 'label' in e ? [e.label] : e.entities.map((x) => x.type)) labelCounts[l] = (labelCounts[l] ?? 0) + 1;
    await writeFile(join(out, 'prompt-config.json'), `${JSON.stringify(served, null, 2)}\n`);
    await writeFile(
      join(out, 'tune.json'),
      `${JSON.stringify({ ...withoutEvent(summary), engine_val_accuracy: valAccuracy, seed: o.seed, examples: examples.length, command: o.command }, null, 2)}\n`,
    );
    await writeFile(
      join(out, 'MODEL_CARD.md'),
      modelCard({
        name,
        baseModel: basename(base),
        config,
        examples: examples.length,
        trainExamples: train.length,
        valExamples: val.length,
        labelCounts,
        valAccuracy,
        trainingValAccuracy: summary.val_accuracy,
        bestEpoch: summary.best_epoch,
        epochsRun: summary.epochs_run,
        refit: summary.refit,
        seed: o.seed,
        seconds: (Date.now() - started) / 1000,
        bytes: await folderBytes(out),
        command: o.command,
        date: new Date().toISOString().slice(0, 10),
      }),
    );
    log(servingHelp(out, name, summary, valAccuracy, (Date.now() - started) / 1000, bytes));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function jobRows(p: PromptRows): [number[], number, number, number[], number][] {
  return p.rows.map((r) => [r.ids, r.mask, r.label, p.texts[r.example]!, r.example]);
}

function specialIds(t: { clsTokenId: number; sepTokenId: number; maskTokenId: number; padTokenId: number }) {
  return { cls: t.clsTokenId, sep: t.sepTokenId, mask: t.maskTokenId, pad: t.padTokenId };
}

async function engineAccuracy(dir: string, config: PromptConfig, val: { text: string; label: string }[]): Promise<number> {
  const engine = new PromptEngine(await loadNodeModel({ location: dir, threads: 1 }), new MemoryConfigStore(), { resultCacheSize: 0 });
  let right = 0;
  for (let i = 0; i < val.length; i += 64) {
    const part = val.slice(i, i + 64);
    const answers = await engine.classify(
      { inline: config },
      part.map((e) => e.text),
    );
    answers.forEach((a, j) => {
      if (a.label === part[j]!.label) right++;
    });
  }
  return right / val.length;
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) total += (await stat(join(e.parentPath, e.name))).size;
  }
  return total;
}

/** Shows python/tune.py's progress as a bar with ETA (or one line per epoch without a terminal). */
async function withProgress(
  enabled: boolean,
  log: (line: string) => void,
  run: (onEvent: (e: TuneEvent) => void) => Promise<TuneSummary>,
): Promise<TuneSummary> {
  const bar = new cliProgress.SingleBar(
    { format: 'tune [{bar}] {percentage}% | ETA {eta_formatted} | {phase} epoch {epoch} | loss {loss} | val {val}', etaBuffer: 50, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const payload = { phase: 'train', epoch: 1, loss: '-', val: '-' };
  try {
    return await run((e) => {
      if (e.event === 'plan') {
        if (!enabled) return;
        if (started) bar.setTotal(e.total);
        else bar.start(e.total, 0, payload);
        started = true;
      } else if (e.event === 'step') {
        Object.assign(payload, { phase: e.phase, epoch: e.epoch, loss: e.loss.toFixed(3) });
        if (enabled) bar.update(e.done, payload);
      } else if (e.event === 'epoch') {
        if (e.val_accuracy !== null) payload.val = `${(100 * e.val_accuracy).toFixed(1)}%${e.best ? ' *' : ''}`;
        if (enabled) bar.update(payload);
        else log(e.val_loss === null ? `epoch ${e.epoch} done` : `epoch ${e.epoch}: validation accuracy ${payload.val}, loss ${e.val_loss.toFixed(3)}`);
      } else if (e.event === 'export') {
        if (started) bar.stop();
        started = false;
        log('writing the int8 model folder (quantize, optimize, label-word decoder)…');
      }
    });
  } finally {
    if (started) bar.stop();
  }
}

function servingHelp(out: string, name: string, s: TuneSummary, engineVal: number | null, seconds: number, bytes: number): string {
  const v = s.val_accuracy === null ? 'no validation split' : `validation accuracy ${(100 * s.val_accuracy).toFixed(1)} % (best epoch ${s.best_epoch})`;
  return `
Wrote ${out} (${(bytes / 1e6).toFixed(1)} MB, ${seconds.toFixed(0)} s): ${v}${engineVal !== null ? `; int8 through the engine ${(100 * engineVal).toFixed(1)} %` : ''}.

Serve it as the only model:
  CLOZE_MODEL=${out} npx cloze-edge serve
Or beside the default model (no restart needed for more): keep it at CLOZE_MODELS_DIR/${name}, then store its config, which names it:
  CLOZE_MODELS_DIR=${resolve(out, '..')} npx cloze-edge serve
  curl -X PUT http://localhost:8787/v1/configs/${name} -H 'content-type: application/json' -d @${join(out, 'prompt-config.json')}
  curl -s http://localhost:8787/v1/classify -H 'content-type: application/json' -d '{"config": "${name}", "text": "…"}'
`;
}

function withoutEvent(s: TuneSummary): Omit<TuneSummary, 'event'> {
  const { event: _e, ...rest } = s as TuneSummary & { event?: string };
  return rest;
}
