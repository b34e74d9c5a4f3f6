import { EXIT_OK, failed, withDaemonAt } from '../io';
import type { CommandSpec } from '../spec';

export const selectCommand: CommandSpec = {
  name: 'select',
  operands: '<target>',
  summary: 'make NAME:WINDOW.PANE the active window and pane',
  async run([target]) {
    return withDaemonAt(target as string, async (client, target) => {
      const r = await client.request('select', { target });
      if (failed(r)) return 1;
      return EXIT_OK;
    });
  },
};
