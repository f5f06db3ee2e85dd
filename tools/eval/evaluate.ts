import { Command } from 'commander';
import { register } from './eval-command.js';

/**
 * `npm run eval -- [options]`: the labelled-data evaluator (kept out of the shipped CLI: it needs the dev tooling's csv-parse, cli-progress and sentiment). With no options it
 * scores every preset zero-shot on held-apart rows of the dev sets in ../shared/data/eval.
 */
const program = new Command('cloze-edge');
register(program);
await program.parseAsync(['eval', ...process.argv.slice(2)], { from: 'user' });
