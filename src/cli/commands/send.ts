import { EXIT_OK, failed, printError, withDaemon } from '../io';
import type { CommandSpec } from '../spec';
import { KEY_NAMES_HELP } from '../../common/keys';

export const sendCommand: CommandSpec = {
  name: 'send',
  operands: '<target> [keys...]',
  summary: 'type text or keys into a pane',
  details:
    `Each KEY is a key name (${KEY_NAMES_HELP}); any other word is typed as it is, like tmux send-keys.\n` +
    'Example: spaces send build "make test" Enter',
  options: [{ flags: '-l, --literal <text>', description: 'type TEXT exactly, with no key names' }],
  async run([target, keys], opts) {
    const words = (keys as string[]) ?? [];
    const literal = typeof opts.literal === 'string' ? opts.literal : undefined;
    if (literal === undefined && words.length === 0) {
      return printError('nothing to send: give --literal TEXT or key names, e.g. spaces send NAME "ls" Enter');
    }
    return withDaemon(async (client) => {
      const r = await client.request('send', { target: target as string, literal, keys: words });
      if (failed(r)) return 1;
      return EXIT_OK;
    });
  },
};
