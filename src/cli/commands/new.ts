import * as path from 'node:path';
import { LIMITS } from '../../protocol/messages';
import { EXIT_OK, parseIntOption, printError, withDaemon, failed } from '../io';
import type { CommandSpec } from '../spec';
import { attachTo } from './attach';

/** tmux's size for sessions created without a terminal to measure. */
const DEFAULT_COLS = 80;
const DEFAULT_ROWS = 24;

export const newCommand: CommandSpec = {
  name: 'new',
  operands: '<name> [command...]',
  summary: 'create a session running COMMAND (default: your shell)',
  details: 'Put the command after `--` when it has options of its own: spaces new build -d -- make -j4',
  options: [
    { flags: '-d, --detached', description: 'create it without attaching (without a terminal, new never attaches)' },
    { flags: '-c, --cwd <dir>', description: 'working directory (default: the current one)' },
    { flags: '--cols <n>', description: 'width in columns (default: this terminal, else 80)' },
    { flags: '--rows <n>', description: 'height in rows (default: this terminal, else 24)' },
    { flags: '--scrollback <lines>', description: 'history lines kept in memory' },
  ],
  async run([name, command], opts) {
    const cols = parseIntOption(opts.cols ?? String(process.stdout.columns || DEFAULT_COLS), 'cols', 2, LIMITS.maxCols);
    if (typeof cols === 'string') return printError(cols);
    const rows = parseIntOption(opts.rows ?? String(process.stdout.rows || DEFAULT_ROWS), 'rows', 2, LIMITS.maxRows);
    if (typeof rows === 'string') return printError(rows);
    let scrollback: number | undefined;
    if (opts.scrollback !== undefined) {
      const s = parseIntOption(opts.scrollback, 'scrollback', 0, LIMITS.maxScrollback);
      if (typeof s === 'string') return printError(s);
      scrollback = s;
    }
    const cwd = path.resolve(typeof opts.cwd === 'string' ? opts.cwd : process.cwd());
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
    return withDaemon(async (client) => {
      const r = await client.request('new', {
        name: name as string,
        cwd,
        argv: (command as string[]) ?? [],
        env,
        cols,
        rows,
        scrollback,
      });
      if (failed(r)) return 1;
      return EXIT_OK;
    }).then((code) => (code === EXIT_OK && !opts.detached && process.stdin.isTTY && process.stdout.isTTY ? attachTo(name as string, false) : code));
  },
};
