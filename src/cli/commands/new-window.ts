import * as path from 'node:path';
import { checkWindowName } from '../../common/names';
import { EXIT_OK, failed, printError, withDaemon } from '../io';
import type { CommandSpec } from '../spec';

export const newWindowCommand: CommandSpec = {
  name: 'new-window',
  operands: '<session> [command...]',
  summary: 'open a new window in a session, running COMMAND (default: your shell)',
  options: [
    { flags: '-n, --name <name>', description: 'window name (default: the program)' },
    { flags: '-c, --cwd <dir>', description: 'working directory' },
  ],
  async run([session, command], opts) {
    if (typeof opts.name === 'string') {
      const bad = checkWindowName(opts.name);
      if (bad) return printError(bad);
    }
    return withDaemon(async (client) => {
      const r = await client.request('new-window', {
        target: session as string,
        argv: (command as string[]) ?? [],
        name: typeof opts.name === 'string' ? opts.name : undefined,
        cwd: typeof opts.cwd === 'string' ? path.resolve(opts.cwd) : undefined,
      });
      if (failed(r)) return 1;
      return EXIT_OK;
    });
  },
};
