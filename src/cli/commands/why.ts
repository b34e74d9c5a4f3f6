import { printableJson } from '../../common/printable';
import { formatWhy } from '../../render/why-format';
import { EXIT_OK, failed, withDaemonAt, writeOut } from '../io';
import type { CommandSpec } from '../spec';

export const whyCommand: CommandSpec = {
  name: 'why',
  operands: '<target>',
  summary: 'say why a pane is working, needs input, idle or exited: the rule, when, and the screen lines',
  options: [{ flags: '--json', description: 'print the verdict and its history as JSON' }],
  async run([target], opts) {
    return withDaemonAt(target as string, async (client, target) => {
      const r = await client.request('why', { target });
      if (failed(r)) return 1;
      await writeOut(opts.json ? printableJson(r.value) + '\n' : formatWhy(r.value, Date.now()));
      return EXIT_OK;
    });
  },
};
