import type { Command } from 'commander';
import { LIMITS } from '../../core/limits.js';
import { openEngine } from '../engine.js';
import { configRefFromFlags, type ConfigFlags } from '../inline-config.js';
import { guarded, textBatches, writeJsonLine } from '../io.js';

export function register(program: Command): void {
  program
    .command('ner')
    .description('find named entities in texts (arguments, or one per line on stdin); one JSON line per text')
    .argument('[texts...]', 'texts (default: read lines from stdin)')
    .option('-c, --config <name>', 'preset or stored NER config (default "ner")')
    .option('-t, --template <template>', 'inline template with {text}, {span} and [MASK]')
    .option('--types <json>', 'inline entity type → words, e.g. \'{"city":["city","town"]}\'')
    .option('--options <json>', 'inline NER options, e.g. \'{"threshold":0.3}\'')
    .addHelpText('after', '\nExample:\n  npx cloze-edge ner "John went to Paris to visit the University."')
    .action(
      guarded(async (texts: string[], flags: ConfigFlags, cmd: Command) => {
        const ref = configRefFromFlags(flags, 'ner', 'ner');
        const engine = await openEngine(cmd);
        for await (const batch of textBatches(texts, LIMITS.nerTexts)) {
          const results = await engine.ner(ref, batch);
          results.forEach((r, i) => {
            writeJsonLine({ text: batch[i], ...r });
          });
        }
      }),
    );
}
