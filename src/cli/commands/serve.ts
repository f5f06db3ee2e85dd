import type { Command } from 'commander';
import type { GlobalOptions } from '../engine.js';

interface ServeFlags {
  port?: string;
  host?: string;
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('start the HTTP API and the playground (same as `npm start`)')
    .option('-p, --port <port>', 'port (default PORT or 8787)')
    .option('-H, --host <host>', 'address to listen on (default HOST or 0.0.0.0)')
    .addHelpText('after', '\nThen open http://localhost:8787/playground')
    .action(async (flags: ServeFlags, cmd: Command) => {
      const o = cmd.optsWithGlobals<GlobalOptions & ServeFlags>();
      // The server entry reads its settings from the environment: the flags only fill it in.
      if (flags.port) process.env.PORT = flags.port;
      if (flags.host) process.env.HOST = flags.host;
      if (o.dataDir) process.env.CLOZE_DATA_DIR = o.dataDir;
      if (o.model) process.env.CLOZE_MODEL = o.model;
      await import('../../entries/node.js');
    });
}
