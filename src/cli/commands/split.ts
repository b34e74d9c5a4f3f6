import * as path from 'node:path';
import { EXIT_OK, failed, printError, withDaemon } from '../io';
import type { CommandSpec } from '../spec';

export const splitCommand: CommandSpec = {
  name: 'split',
  operands: '<target> [command...]',
  summary: 'split a pane: -h side by side, -v (default) one above the other',
  details: 'The new pane runs COMMAND (default: your shell) in the directory of the pane it splits.\nExample: spaces split build:0.0 -h -- npm run watch',
  options: [
    { flags: '-h, --horizontal', description: 'new pane to the right' },
    { flags: '-v, --vertical', description: 'new pane below (the default)' },
    { flags: '-c, --cwd <dir>', description: 'working directory of the new pane' },
  ],
  async run([target, command], opts) {
    if (opts.horizontal && opts.vertical) return printError('choose one of -h and -v');
    return withDaemon(async (client) => {
      const r = await client.request('split', {
        target: target as string,
        dir: opts.horizontal ? 'h' : 'v',
        argv: (command as string[]) ?? [],
        cwd: typeof opts.cwd === 'string' ? path.resolve(opts.cwd) : undefined,
      });
      if (failed(r)) return 1;
      return EXIT_OK;
    });
  },
};
