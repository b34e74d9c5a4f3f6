import { printableLine } from '../../common/printable';
import { EXIT_ERROR, EXIT_OK, printError, withDaemonAt, writeOut, printUsageError } from '../io';
import type { CommandSpec } from '../spec';

/** Long enough for a build step or an agent's reply; short enough that a forgotten wait ends. */
const DEFAULT_TIMEOUT_S = 30;
/** Node's timers hold at most 2^31-1 ms (about 24.8 days); a longer one would fire at once. */
const MAX_TIMEOUT_S = Math.floor((2 ** 31 - 1) / 1000);

export const waitCommand: CommandSpec = {
  name: 'wait',
  operands: '<target>',
  summary: 'block until a line of the screen matches REGEX (exit 0), or time out (exit 1)',
  details:
    'It reacts to output as it arrives. The matching line is printed. REGEX is a JavaScript regular expression.\n' +
    'Example: spaces send build "make" Enter && spaces wait build --for "\\$ $" --timeout 600',
  options: [
    { flags: '--for <regex>', description: 'the pattern to wait for' },
    { flags: '-t, --timeout <seconds>', description: `give up after this long (default ${DEFAULT_TIMEOUT_S}; 0 waits forever)` },
    { flags: '-i, --ignore-case', description: 'match without regard to case' },
  ],
  async run([target], opts) {
    if (typeof opts.for !== 'string') return printUsageError('say what to wait for: spaces wait NAME --for REGEX');
    let re: RegExp;
    try {
      re = new RegExp(opts.for, opts.ignoreCase ? 'i' : '');
    } catch (e) {
      return printError(`--for is not a valid regular expression: ${(e as Error).message}`);
    }
    const timeoutText = typeof opts.timeout === 'string' ? opts.timeout : String(DEFAULT_TIMEOUT_S);
    const timeout = Number(timeoutText);
    if (!/^\d+(\.\d+)?$/.test(timeoutText) || !Number.isFinite(timeout)) {
      return printError(`--timeout must be a number of seconds, got '${timeoutText}'`);
    }
    if (timeout > MAX_TIMEOUT_S) {
      return printError(`--timeout ${timeoutText} is too long: at most ${MAX_TIMEOUT_S} seconds (about 24 days); 0 waits forever`);
    }
    const name = target as string;
    return withDaemonAt(
      name,
      (client, target) =>
        new Promise<number>((resolve) => {
          let lastLine = '';
          let timer: NodeJS.Timeout | undefined;
          let done = false;
          const finish = (code: number, out?: string, err?: string) => {
            if (done) return;
            done = true;
            if (timer) clearTimeout(timer);
            if (err) printError(err);
            void writeOut(out ?? '').then(() => resolve(code));
          };
          if (timeout > 0) {
            timer = setTimeout(() => {
              finish(EXIT_ERROR, undefined, `timed out after ${timeoutText}s waiting for /${re.source}/ in ${name}` +
                (lastLine ? `; last line: ${JSON.stringify(lastLine.slice(0, 200))}` : ''));
            }, timeout * 1000);
          }
          client.onClose((why) => finish(EXIT_ERROR, undefined, why.message));
          void client
            .watch(target, (e) => {
              for (const line of e.lines) {
                if (re.test(line)) {
                  finish(EXIT_OK, printableLine(line) + '\n');
                  return;
                }
                if (line.trim()) lastLine = line;
              }
              if (e.exited) {
                const how = e.exited.signal ? `was killed by signal ${e.exited.signal}` : `exited with code ${e.exited.code}`;
                finish(EXIT_ERROR, undefined, `the program in ${name} ${how} before /${re.source}/ appeared`);
              }
            })
            .then((r) => {
              if (!r.ok) finish(EXIT_ERROR, undefined, r.error.message);
            });
        }),
    );
  },
};
