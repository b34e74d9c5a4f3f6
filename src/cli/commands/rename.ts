import { checkSessionName } from '../../common/names';
import { EXIT_OK, failed, printError, withDaemon } from '../io';
import type { CommandSpec } from '../spec';

export const renameCommand: CommandSpec = {
  name: 'rename',
  operands: '<old> <new>',
  summary: 'rename a session',
  async run([from, to]) {
    // Here, not only in the daemon: a name over the protocol's limit would be refused as a malformed message.
    const bad = checkSessionName(to as string);
    if (bad) return printError(bad);
    return withDaemon(async (client) => {
      const r = await client.request('rename', { from: from as string, to: to as string });
      if (failed(r)) return 1;
      return EXIT_OK;
    });
  },
};
