import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The training process shipped with the package (python/tune.py). */
export const TUNE_SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../python/tune.py');

/** One line python/tune.py prints (see its docstring). */
export type TuneEvent =
  | { event: 'plan'; total: number }
  | { event: 'step'; done: number; phase: 'train' | 'refit'; epoch: number; loss: number }
  | { event: 'epoch'; epoch: number; val_accuracy: number | null; val_loss: number | null; best: boolean }
  | { event: 'export' }
  | ({ event: 'done' } & TuneSummary);

export interface TuneSummary {
  train_rows: number;
  val_rows: number;
  val_examples: number;
  epochs_run: number;
  best_epoch: number;
  val_accuracy: number | null;
  refit: boolean;
  history: { epoch: number; val_accuracy: number; val_loss: number }[];
  seconds: number;
}

/** Runs python/tune.py on a job file, calling `onEvent` per progress line; resolves to its summary. */
export function runTunePython(python: string, jobPath: string, onEvent: (e: TuneEvent) => void): Promise<TuneSummary> {
  return new Promise((done, fail) => {
    const child = spawn(python, [TUNE_SCRIPT, jobPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    let summary: TuneSummary | undefined;
    const errors: string[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      let e: TuneEvent;
      try {
        e = JSON.parse(line) as TuneEvent;
      } catch {
        return; // a library's stray print
      }
      if (e.event === 'done') summary = e;
      onEvent(e);
    });
    createInterface({ input: child.stderr }).on('line', (line) => {
      errors.push(line);
      if (errors.length > 40) errors.shift();
    });
    // the training process ends with this one (Ctrl-C, a kill)
    const stop = () => child.kill('SIGTERM');
    const interrupted = () => {
      stop();
      process.exit(130);
    };
    process.once('exit', stop).once('SIGINT', interrupted).once('SIGTERM', interrupted);
    child.on('error', fail);
    child.on('close', (code, signal) => {
      process.off('exit', stop).off('SIGINT', interrupted).off('SIGTERM', interrupted);
      if (code === 0 && summary) done(summary);
      else fail(new Error(`python/tune.py ${signal ? `was stopped by ${signal}` : `exited with ${code}`}:\n${errors.join('\n')}`));
    });
  });
}
