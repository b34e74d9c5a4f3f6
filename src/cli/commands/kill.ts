import { parseTarget } from '../../common/target';
import { EXIT_OK, failed, printError, withDaemon } from '../io';
import type { CommandSpec } from '../spec';

export const killCommand: CommandSpec = {
  name: 'kill',
  operands: '<name>',
  summary: 'end a session: hang up on its programs and forget it',
  async run([name]) {
    const t = parseTarget(name as string);
    if (typeof t === 'string') return printError(t);
    if (t.window !== undefined) return printError(`kill takes a session name; to end the whole session run: spaces kill ${t.session}`);
    return withDaemon(async (client) => {
      const r = await client.request('kill', { target: t.session });
      if (failed(r)) return 1;
      return EXIT_OK;
    });
  },
};
