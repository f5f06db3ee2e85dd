import { type Command, InvalidArgumentError, Option } from 'commander';
import { openConfigStore } from '../engine.js';
import { guarded } from '../io.js';
import { PythonMissingError } from '../tune/python-env.js';
import { runTune, type TuneOptions } from '../tune/run-tune.js';

const number =
  (min: number, max: number, integer = false) =>
  (v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n)))
      throw new InvalidArgumentError(`a${integer ? 'n integer' : ' number'} from ${min} to ${max}`);
    return n;
  };

/**
 * `cloze-edge tune`: fine-tunes the model on a config's labelled examples (prompt tuning, in
 * Python with PyTorch: python/tune.py) and writes an int8 model folder the service serves.
 */
export function register(program: Command): void {
  program
    .command('tune')
    .description('fine-tune the model on labelled examples of a config; writes an int8 model folder (≤ 25 MB) to serve with it')
    .requiredOption('-c, --config <ref>', 'config .json file (a config document, or what GET /v1/configs/{name} returns), or a preset or stored config name')
    .option('-e, --examples <file>', 'labelled examples: TSV text<TAB>label (header optional) or JSONL {"text","label"}; default: the config’s `examples`')
    .requiredOption('-o, --out <dir>', 'the model folder to write (must not exist or be empty); its name is the name configs use in `model`')
    .option('--base <dir>', 'the model folder to start from (default: --model, else the embedded model)')
    .option('--seed <n>', 'seed of the validation split, shuffling and masking', number(0, 2 ** 31, true), 0)
    .option('--val <fraction>', 'share of the examples held out for validation (early stopping), at most 500; 0: none', number(0, 0.5), 0.2)
    .option('--epochs <n>', 'at most this many epochs', number(1, 100, true), 15)
    .option('--patience <n>', 'stop after this many epochs without a better validation accuracy', number(1, 100, true), 3)
    .option('--lr <rate>', 'peak learning rate (AdamW, linear warm-up and decay)', number(1e-7, 1), 3e-4)
    .option('--batch <n>', 'examples per step', number(1, 256, true), 8)
    .option('--mlm-weight <w>', 'weight of the masked-LM loss on the example texts (keeps fill-mask working)', number(0, 10), 0.5)
    .addOption(
      new Option('--refit <when>', 'train again on all examples for the chosen number of epochs (auto: when validation has < 200 examples)')
        .choices(['auto', 'yes', 'no'])
        .default('auto'),
    )
    .option('--max-minutes <n>', 'time budget: start no epoch that would end past it (0: none)', number(0, 10_000), 0)
    .option('--threads <n>', 'PyTorch threads', number(1, 256, true), 2)
    .option('--python <path>', 'Python interpreter with torch and onnx (default: python3, then /usr/bin/python3)')
    .option('--no-progress', 'no progress bar (one line per epoch)')
    .action(
      guarded(async (flags: Omit<TuneOptions, 'command' | 'base'> & { base?: string }, cmd: Command) => {
        const base = flags.base ?? cmd.optsWithGlobals<{ model?: string }>().model;
        try {
          await runTune({ ...flags, ...(base !== undefined && { base }), command: commandLine() }, openConfigStore(cmd), (line) =>
            process.stderr.write(`${line}\n`),
          );
        } catch (err) {
          if (!(err instanceof PythonMissingError)) throw err;
          process.stderr.write(`${err.message}\n`);
          process.exitCode = 3;
        }
      }),
    );
}

function commandLine(): string {
  const at = process.argv.indexOf('tune', 2);
  return `npx cloze-edge tune ${process.argv.slice(at >= 0 ? at + 1 : 2).join(' ')}`.trim();
}
