import { TextLines } from '../../common/ansi-text';
import { printableLine } from '../../common/printable';
import { parseDuration } from '../../common/duration';
import { localTime } from '../../common/time-format';
import { offsetAtTime, timeAtOffset } from '../../storage/log-format';
import { readRange, scanLog } from '../../storage/log-reader';
import { TIME_MARK_MS } from '../../storage/log-writer';
import { EXIT_ERROR, EXIT_OK, failed, localOnly, printError, withDaemon, writeOut } from '../io';
import type { CommandSpec } from '../spec';

export const grepCommand: CommandSpec = {
  name: 'grep',
  operands: '<pattern> [names...]',
  summary: 'search the output history of every pane (or of the named sessions)',
  details:
    'Prints pane, time and line for every line matching PATTERN (a JavaScript regular expression),\n' +
    'oldest first, including output long scrolled away and sessions waiting to be resurrected.\n' +
    'Exits 0 if something matched, 1 if nothing did.\n' +
    'Example: spaces grep -i "error|failed" build --since 1h',
  options: [
    { flags: '-i, --ignore-case', description: 'match without regard to case' },
    { flags: '--since <duration>', description: 'only output from this long ago on: 90s, 5m, 1h30m, 2d' },
    { flags: '-m, --max-count <n>', description: 'stop after N matching lines' },
  ],
  async run([pattern, names], opts) {
    let re: RegExp;
    try {
      re = new RegExp(pattern as string, opts.ignoreCase ? 'i' : '');
    } catch (e) {
      return printError(`PATTERN is not a valid regular expression: ${(e as Error).message}`);
    }
    const elsewhere = await localOnly('grep', (names as string[]) ?? []);
    if (elsewhere) return printError(elsewhere);
    let since: number | undefined;
    if (typeof opts.since === 'string') {
      const ms = parseDuration(opts.since);
      if (typeof ms === 'string') return printError(`--since: ${ms}`);
      since = Date.now() - ms;
    }
    let max = Infinity;
    if (opts.maxCount !== undefined) {
      max = Number(opts.maxCount);
      if (!Number.isInteger(max) || max < 1) return printError(`--max-count must be a whole number above 0, got '${opts.maxCount}'`);
    }
    // The daemon only says where the logs are (after writing out what it holds);
    // reading and matching happen here, so neither a long search nor a
    // pathological pattern can hold up the daemon and its sessions.
    return withDaemon(async (client) => {
      // A name given twice is searched once.
      const r = await client.request('logs', { names: [...new Set((names as string[]) ?? [])] });
      if (failed(r)) return EXIT_ERROR;
      client.close();
      let found = 0;
      for (const pane of r.value) {
        if (found >= max) break;
        const view = await scanLog(pane.dir);
        const from = since === undefined ? view.start : offsetAtTime(view.times, since, TIME_MARK_MS, view.end);
        const text = new TextLines(from);
        let out = '';
        const onLine = (line: { text: string; offset: number }) => {
          if (found >= max || !re.test(line.text)) return;
          found++;
          const t = timeAtOffset(view.times, line.offset);
          // Pane output, decoded leniently: no control character may reach the terminal.
          out += `${pane.pane}  ${t === undefined ? '-' : localTime(t)}  ${printableLine(line.text)}\n`;
        };
        for await (const { data } of readRange(view, from, view.end)) {
          text.push(data, onLine);
          if (out.length > 65536) {
            await writeOut(out);
            out = '';
          }
          if (found >= max) break;
        }
        text.end(onLine);
        await writeOut(out);
      }
      return found > 0 ? EXIT_OK : EXIT_ERROR;
    });
  },
};
