import { type Command, InvalidArgumentError, Option } from 'commander';
import { type EvalOptions, runEval } from './run-eval.js';

const intList = (v: string): number[] => {
  const xs = v.split(',').map((s) => Number(s.trim()));
  if (xs.some((x) => !Number.isInteger(x) || x < 0 || x > 256)) throw new InvalidArgumentError('a comma-separated list of integers 0-256');
  return [...new Set(xs)].sort((a, b) => a - b);
};
const positive = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a positive integer');
  return n;
};

/**
 * `npm run eval` (a development command, not in the shipped CLI): scores a config on labelled data (accuracy, macro-F1, confusion matrix;
 * exact-span P/R/F1 per type for NER), optionally as a few-shot learning curve.
 */
export function register(program: Command): void {
  program
    .command('eval')
    .description('evaluate a config on labelled data; --shots prints a few-shot learning curve (mean ± sd over --seeds)')
    .argument('[file]', 'labelled file: TSV/CSV (text, label), JSONL ({text, label}) or CoNLL BIO; default: the dev sets in ../shared/data/eval')
    .option('-c, --config <ref>', 'preset, stored config name (CLOZE_DATA_DIR) or config .json file; default: each dev set’s preset')
    .option('-d, --dataset <names>', 'built-in dev sets: sst2,agnews,trec,tickets,conll', (v) => v.split(','))
    .addOption(new Option('-f, --format <format>', 'input format (default: from the file extension)').choices(['tsv', 'csv', 'jsonl', 'conll']))
    .option('-t, --train <file>', 'draw few-shot examples from this file (default: the evaluated file’s rows not held apart)')
    .option('-s, --shots <list>', 'examples per class (sentences for NER), e.g. 0,8,16,32,64', intList, [0])
    .option('--seeds <n>', 'draws per shot count', positive, 5)
    .addOption(new Option('--part <part>', 'rows scored: the fixed held-apart part, or the tuning part of the pool').choices(['held', 'tune']).default('held'))
    .option('-n, --test-rows <n>', 'held-apart rows scored (default per dev set; 1000 for a file); with --shots 0 alone and no -n, every row', positive)
    .option('--json <path>', 'write the full JSON report here')
    .option('--md <path>', 'write a Markdown report here')
    .option('--save-configs <dir>', 'write each fitted config (with its examples) to this folder, e.g. for tools/finetune')
    .option('--no-progress', 'no progress bar')
    .action(async (file: string | undefined, opts: Omit<EvalOptions, 'file' | 'command'>) => {
      await runEval({ ...opts, ...(file !== undefined && { file }), command: commandLine() });
    });
}

/** The command as a user would type it (for reports): everything after `eval` (or after the script for `npm run eval`). */
function commandLine(): string {
  const at = process.argv.indexOf('eval', 2);
  return `npm run eval -- ${process.argv.slice(at >= 0 ? at + 1 : 2).join(' ')}`.trim();
}
