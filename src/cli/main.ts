import { Command } from 'commander';
import { API_VERSION } from '../http/app.js';
import { register as registerClassify } from './commands/classify.js';
import { register as registerConfigs } from './commands/configs.js';
import { register as registerFillMask } from './commands/fill-mask.js';
import { register as registerNer } from './commands/ner.js';
import { register as registerServe } from './commands/serve.js';
import { register as registerTune } from './commands/tune.js';

/**
 * `npx cloze-edge …`: the engine in-process (no server needed) with the Node runtime loader,
 * JSON lines out. Each subcommand lives in commands/<name>.ts and exports register(program).
 */
export function buildProgram(): Command {
  const program = new Command('cloze-edge')
    .description('Zero-shot classification, NER and fill-mask by prompting a masked language model')
    .version(API_VERSION)
    .option('-d, --data-dir <dir>', 'where stored configs live (default CLOZE_DATA_DIR or ./.data)')
    .option('-m, --model <location>', 'model folder, URL or Hub id (default CLOZE_MODEL or the embedded model)')
    .showHelpAfterError();
  registerServe(program);
  registerClassify(program);
  registerNer(program);
  registerFillMask(program);
  registerConfigs(program);
  registerTune(program);
  return program;
}

await buildProgram().parseAsync(process.argv);
