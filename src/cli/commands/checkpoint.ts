import { parseTarget } from '../../common/target';
import { EXIT_OK, failed, printError, withDaemon, writeOut, printUsageError } from '../io';
import type { CommandSpec } from '../spec';

export const checkpointCommand: CommandSpec = {
  name: 'checkpoint',
  operands: '<name>',
  summary: "append a dated note from session NAME to its workspace's context file",
  details: 'The file is AGENT_CONTEXT.md at the workspace root unless "context-file" in the config says otherwise.',
  options: [{ flags: '-m, --message <text>', description: 'the note (what was done, what is next, what to watch out for)' }],
  async run([name], opts) {
    const message = typeof opts.message === 'string' ? opts.message : '';
    if (message.trim() === '') return printUsageError('say what to record: spaces checkpoint NAME -m "TEXT"');
    const t = parseTarget(name as string);
    if (typeof t === 'string') return printError(t);
    return withDaemon(async (client) => {
      const r = await client.request('checkpoint', { target: t.session, message });
      if (failed(r)) return 1;
      await writeOut(`checkpoint added to ${r.value.file}\n`);
      return EXIT_OK;
    });
  },
};
