import { EXIT_OK, failed, withDaemon } from '../io';
import type { CommandSpec } from '../spec';

export const renameCommand: CommandSpec = {
  name: 'rename',
  operands: '<old> <new>',
  summary: 'rename a session',
  async run([from, to]) {
    return withDaemon(async (client) => {
      const r = await client.request('rename', { from: from as string, to: to as string });
      if (failed(r)) return 1;
      return EXIT_OK;
    });
  },
};
