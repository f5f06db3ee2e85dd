import type { Command } from 'commander';
import { ClozeError } from '../../core/errors.js';
import { openEngine } from '../engine.js';
import { guarded, textBatches, writeJsonLine } from '../io.js';

interface FillMaskFlags {
  topK: number;
  targets?: string[];
}

export function register(program: Command): void {
  program
    .command('fill-mask')
    .description('top-k words for each [MASK] in texts (arguments, or one per line on stdin); one JSON line per text')
    .argument('[texts...]', 'texts containing [MASK] (default: read lines from stdin)')
    .option('-k, --top-k <n>', 'words per mask (1-100)', (v) => Number.parseInt(v, 10), 5)
    .option('--targets <words...>', 'score only these words')
    .addHelpText('after', '\nExample:\n  npx cloze-edge fill-mask "natural language processing is a [MASK] technology." -k 3')
    .action(
      guarded(async (texts: string[], flags: FillMaskFlags, cmd: Command) => {
        const topK = flags.topK;
        if (!Number.isInteger(topK) || topK < 1 || topK > 100)
          throw new ClozeError('validation_failed', '--top-k must be an integer from 1 to 100', { field: 'top_k' });
        const engine = await openEngine(cmd);
        for await (const batch of textBatches(texts, 16)) {
          for (const text of batch) writeJsonLine({ text, predictions: await engine.fillMask(text, { topK, targets: flags.targets }) });
        }
      }),
    );
}
