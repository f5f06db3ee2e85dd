import { Command } from 'commander';
import { register } from '../../src/cli/commands/eval.js';

/**
 * `npm run eval -- [options]`: the same command as `npx cloze-edge eval`. With no options it
 * scores every preset zero-shot on held-apart rows of the dev sets in ../shared/data/eval.
 */
const program = new Command('cloze-edge');
register(program);
await program.parseAsync(['eval', ...process.argv.slice(2)], { from: 'user' });
