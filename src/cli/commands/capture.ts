import { LIMITS } from '../../protocol/messages';
import { captureAnsi, captureJson, captureText } from '../../render/capture-format';
import { EXIT_OK, failed, parseIntOption, printError, withDaemon, writeOut } from '../io';
import type { CommandSpec } from '../spec';

export const captureCommand: CommandSpec = {
  name: 'capture',
  operands: '<target>',
  summary: "print a pane's screen (and history) as text, with colours, or as JSON cells",
  options: [
    { flags: '--ansi', description: 'keep colours and attributes as SGR escape sequences' },
    { flags: '--json', description: 'print cells with their characters, widths, colours and attributes' },
    { flags: '-S, --scrollback <n|all>', description: 'also print N history lines above the screen, or all of them' },
  ],
  async run([target], opts) {
    if (opts.ansi && opts.json) return printError('choose one of --ansi and --json');
    let scrollback = 0;
    if (opts.scrollback === 'all') scrollback = -1;
    else if (opts.scrollback !== undefined) {
      const n = parseIntOption(opts.scrollback, 'scrollback', 0, LIMITS.maxScrollback);
      if (typeof n === 'string') return printError(`${n} (or 'all')`);
      scrollback = n;
    }
    return withDaemon(async (client) => {
      const r = await client.request('capture', { target: target as string, scrollback });
      if (failed(r)) return 1;
      const snap = r.value;
      if (opts.json) await writeOut(captureJson(snap) + '\n');
      else if (opts.ansi) await writeOut(captureAnsi(snap.lines));
      else await writeOut(captureText(snap.lines));
      return EXIT_OK;
    });
  },
};
