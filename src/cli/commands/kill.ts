import { parseTarget } from '../../common/target';
import { EXIT_OK, failed, printError, withDaemon } from '../io';
import type { CommandSpec } from '../spec';

export const killCommand: CommandSpec = {
  name: 'kill',
  operands: '<target>',
  summary: 'end a session (NAME) or one pane (NAME:W.P): hang up on its programs and forget it',
  async run([target]) {
    const text = target as string;
    const t = parseTarget(text);
    if (typeof t === 'string') return printError(t);
    return withDaemon(async (client) => {
      const paneTarget = t.paneId !== undefined || t.pane !== undefined;
      if (t.window !== undefined && !paneTarget) {
        return printError(`kill takes NAME (the session) or NAME:W.P (one pane); to close window ${t.window}, kill its panes`);
      }
      const r = paneTarget ? await client.request('kill-pane', { target: text }) : await client.request('kill', { target: t.session });
      if (failed(r)) return 1;
      return EXIT_OK;
    });
  },
};
