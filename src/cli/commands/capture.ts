import type { Row } from '../../common/cells';
import { LIMITS } from '../../protocol/messages';
import { captureAnsi, captureText } from '../../render/capture-format';
import { writeCaptureJson } from '../../render/capture-json';
import { EXIT_OK, failed, parseIntOption, printError, withDaemonAt, writeOut } from '../io';
import type { CommandSpec } from '../spec';

export const captureCommand: CommandSpec = {
  name: 'capture',
  operands: '<target>',
  summary: "print a pane's screen (and history) as text, with colours, or as JSON cells",
  details:
    'History older than what the pane keeps in memory is read back from its output log, so\n' +
    '`--scrollback all` reaches back as far as the log does (also for resurrectable sessions).',
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
    const format = (rows: Row[]) => (opts.ansi ? captureAnsi(rows) : captureText(rows));
    return withDaemonAt(target as string, async (client, target) => {
      // History read from the log arrives ahead of the reply, in pieces: print each as
      // it comes, so a long history never sits whole in memory. JSON needs the count
      // first (`historyLines`, each line's `index`), so it keeps the rows, which are
      // compact (a run per style), and expands them to cells only while writing.
      const history: Row[] = [];
      const r = await client.request('capture', { target, scrollback, history: true }, (e) => {
        if (e.t !== 'history') return;
        if (opts.json) for (const row of e.rows) history.push(row);
        else process.stdout.write(format(e.rows));
      });
      if (failed(r)) return 1;
      const snap = r.value;
      if (opts.json) {
        const lines = history.concat(snap.lines);
        await writeCaptureJson({ ...snap, lines, historyLines: snap.historyLines + history.length }, writeOut);
      } else await writeOut(format(snap.lines));
      return EXIT_OK;
    });
  },
};
