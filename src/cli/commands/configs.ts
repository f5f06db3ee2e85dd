import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { configNameSchema } from '../../core/config/schema.js';
import { zodToClozeError } from '../../core/engine.js';
import { ClozeError } from '../../core/errors.js';
import { openConfigStore, openEngine } from '../engine.js';
import { guarded, parseJsonOption, readStdin, writeJsonLine } from '../io.js';

/** Config names are checked as the API checks them (they become file names). */
function checkedName(name: string): string {
  const parsed = configNameSchema.safeParse(name);
  if (!parsed.success) throw zodToClozeError(parsed.error.issues, 'name');
  return parsed.data;
}

export function register(program: Command): void {
  const configs = program.command('configs').description("list, show, store and delete configs (the server's store: CLOZE_DATA_DIR/configs)");

  configs
    .command('list')
    .description('presets and stored configs, one JSON line each')
    .action(
      guarded(async (_flags: object, cmd: Command) => {
        const { configs, invalid } = await openConfigStore(cmd).list();
        for (const s of configs) {
          writeJsonLine({
            name: s.name,
            task: s.config.task,
            hash: s.hash,
            preset: s.preset,
            ...(s.config.description ? { description: s.config.description } : {}),
          });
        }
        // stored documents that no longer parse or validate: reported, never silently dropped
        for (const bad of invalid) writeJsonLine({ name: bad.name, invalid: true, problem: bad.problem });
      }),
    );

  configs
    .command('get')
    .description('print one config (as GET /v1/configs/{name})')
    .argument('<name>')
    .action(
      guarded(async (name: string, _flags: object, cmd: Command) => {
        const stored = await openConfigStore(cmd).get(checkedName(name));
        if (!stored) throw new ClozeError('config_not_found', `no config named "${name}"`, { field: 'name' });
        writeJsonLine(stored);
      }),
    );

  configs
    .command('put')
    .description('validate, compile against the model and store a config (JSON from a file or stdin)')
    .argument('<name>')
    .argument('[file]', 'config JSON file (default: stdin)')
    .addHelpText(
      'after',
      `\nExample:\n  echo '{"task":"classify","template":"{text} It was [MASK].","verbalizer":{"up":["good"],"down":["bad"]}}' | npx cloze-edge configs put my-sentiment`,
    )
    .action(
      guarded(async (name: string, file: string | undefined, _flags: object, cmd: Command) => {
        const checked = checkedName(name);
        const text = file === undefined ? await readStdin() : await readFile(file, 'utf8');
        const doc = parseJsonOption(text, 'file');
        const engine = await openEngine(cmd);
        writeJsonLine((await engine.putConfig(checked, doc)).stored);
      }),
    );

  configs
    .command('delete')
    .description('delete a stored config')
    .argument('<name>')
    .action(
      guarded(async (name: string, _flags: object, cmd: Command) => {
        if (!(await openConfigStore(cmd).delete(checkedName(name)))) throw new ClozeError('config_not_found', `no config named "${name}"`, { field: 'name' });
        writeJsonLine({ deleted: name });
      }),
    );
}
