import { EXIT_OK, failed, withDaemon } from '../io';
import type { CommandSpec } from '../spec';

export const selectCommand: CommandSpec = {
  name: 'select',
  operands: '<target>',
  summary: 'make NAME:WINDOW.PANE the active window and pane',
  async run([target]) {
    return withDaemon(async (client) => {
      const r = await client.request('select', { target: target as string });
      if (failed(r)) return 1;
      return EXIT_OK;
    });
  },
};
