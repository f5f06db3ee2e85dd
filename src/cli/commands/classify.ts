import type { Command } from 'commander';
import { ClozeError } from '../../core/errors.js';
import { LIMITS } from '../../core/limits.js';
import { openEngine } from '../engine.js';
import { configRefFromFlags, type ConfigFlags } from '../inline-config.js';
import { guarded, textBatches, writeJsonLine } from '../io.js';

interface ClassifyFlags extends ConfigFlags {
  explain?: number;
  calibrate?: boolean;
}

export function register(program: Command): void {
  program
    .command('classify')
    .description('classify texts (arguments, or one per line on stdin); one JSON line per text')
    .argument('[texts...]', 'texts to classify (default: read lines from stdin)')
    .option('-c, --config <name>', 'preset or stored config (default "sentiment")')
    .option('-t, --template <template>', 'inline template, e.g. "{text} It was [MASK]."')
    .option('--verbalizer <json>', 'inline label → words, e.g. \'{"pos":["good"],"neg":["bad"]}\'')
    .option('--options <json>', 'inline config options, e.g. \'{"calibrate":true}\'')
    .option('--calibrate', 'apply contextual calibration (overrides the config)')
    .option('--no-calibrate', 'do not calibrate (overrides the config)')
    .option('-e, --explain <n>', 'also print the top n words at [MASK]', (v) => Number.parseInt(v, 10))
    .addHelpText(
      'after',
      '\nExamples:\n  npx cloze-edge classify "I really like the film a lot."\n  printf "great\\nawful\\n" | npx cloze-edge classify --config sentiment',
    )
    .action(
      guarded(async (texts: string[], flags: ClassifyFlags, cmd: Command) => {
        if (flags.explain !== undefined && !(Number.isInteger(flags.explain) && flags.explain >= 1 && flags.explain <= 50)) {
          throw new ClozeError('validation_failed', '--explain must be an integer from 1 to 50', { field: 'explain' });
        }
        const ref = configRefFromFlags(flags, 'classify', 'sentiment');
        const engine = await openEngine(cmd);
        for await (const batch of textBatches(texts, LIMITS.classifyTexts)) {
          const results = await engine.classify(ref, batch, { calibrate: flags.calibrate, explain: flags.explain ?? 0 });
          results.forEach((r, i) => {
            writeJsonLine({ text: batch[i], ...r });
          });
        }
      }),
    );
}
