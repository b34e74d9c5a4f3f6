import { parseDuration } from '../../common/duration';
import { printable } from '../../common/printable';
import { localTime } from '../../common/time-format';
import { captureAnsi, captureText } from '../../render/capture-format';
import { EXIT_OK, failed, printError, withDaemonAt, writeOut } from '../io';
import type { CommandSpec } from '../spec';

export const replayCommand: CommandSpec = {
  name: 'replay',
  operands: '<target>',
  summary: 'print what a pane produced over a span of time, from its output log',
  details:
    'Lines are rendered as the pane showed them (with colours; --plain for text only; --raw for the\n' +
    'exact bytes). --since-detach shows what happened between the last detach and the attach that\n' +
    'followed it (or until now): what you missed.\n' +
    'Example: spaces replay build --since 10m --plain',
  options: [
    { flags: '--since <duration>', description: 'start this long ago: 90s, 5m, 1h30m, 2d' },
    { flags: '--since-detach', description: 'only what happened while nobody was attached' },
    { flags: '--plain', description: 'text without colours' },
    { flags: '--raw', description: 'the exact bytes the program wrote (escape sequences included)' },
  ],
  async run([target], opts) {
    if (opts.since !== undefined && opts.sinceDetach) return printError('choose one of --since and --since-detach');
    if (opts.plain && opts.raw) return printError('choose one of --plain and --raw');
    let since: number | undefined;
    if (typeof opts.since === 'string') {
      const ms = parseDuration(opts.since);
      if (typeof ms === 'string') return printError(`--since: ${ms}`);
      since = Math.max(0, Date.now() - ms);
    }
    return withDaemonAt(target as string, async (client, target) => {
      const r = await client.request(
        'replay',
        { target, since, sinceDetach: Boolean(opts.sinceDetach), raw: Boolean(opts.raw) },
        (e) => {
          // Raw bytes only when asked for (a daemon sending them unasked is ignored).
          if (e.t === 'output') {
            if (opts.raw) process.stdout.write(e.data);
          } else process.stdout.write(opts.plain ? captureText(e.rows) : captureAnsi(e.rows));
        },
      );
      if (failed(r)) return 1;
      await writeOut('');
      const v = r.value;
      if (v.note) process.stderr.write(`spaces: ${printable(v.note, 2000)}\n`);
      else if (process.stderr.isTTY && !opts.raw && v.start !== undefined) {
        process.stderr.write(`spaces: ${v.lines} line${v.lines === 1 ? '' : 's'} from ${localTime(v.start)}\n`);
      }
      return EXIT_OK;
    });
  },
};
