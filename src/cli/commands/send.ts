import * as fs from 'node:fs';
import { LIMITS } from '../../protocol/messages';
import { EXIT_OK, failed, printError, withDaemonAt, printUsageError } from '../io';
import type { CommandSpec } from '../spec';
import { KEY_NAMES_HELP } from '../../common/keys';

export const sendCommand: CommandSpec = {
  name: 'send',
  operands: '<target> [keys...]',
  summary: 'type text or keys into a pane, or paste a file',
  details:
    `Each KEY is a key name (${KEY_NAMES_HELP}); any other word is typed as it is, like tmux send-keys.\n` +
    'Example: spaces send build "make test" Enter\n' +
    '--file pastes the way a terminal does: newlines become Enter, wrapped in bracketed-paste markers when the program\n' +
    'asked for them (agents then take it as one paste instead of submitting at the first newline). Keys after it are\n' +
    'typed after the paste: spaces send auth --file plan.md Enter',
  options: [
    { flags: '-l, --literal <text>', description: 'type TEXT exactly, with no key names' },
    { flags: '-f, --file <path>', description: "paste the file's contents ('-' reads standard input)" },
  ],
  async run([target, keys], opts) {
    const words = (keys as string[]) ?? [];
    const literal = typeof opts.literal === 'string' ? opts.literal : undefined;
    let paste: string | undefined;
    if (literal !== undefined && typeof opts.file === 'string') {
      // Which goes first would be a guess: send them one after the other.
      return printError('choose one of --literal and --file (run spaces send twice to type text and paste a file)');
    }
    if (typeof opts.file === 'string') {
      const read = readPaste(opts.file);
      if (typeof read !== 'string') return printError(read.error);
      paste = read;
    }
    if (literal === undefined && paste === undefined && words.length === 0) {
      return printUsageError('nothing to send: give --literal TEXT, --file FILE or key names, e.g. spaces send NAME "ls" Enter');
    }
    return withDaemonAt(target as string, async (client, target) => {
      // A paste goes first, then typed text and keys (so `--file plan.md Enter` submits it).
      if (paste !== undefined) {
        const p = await client.request('send', { target, paste });
        if (failed(p)) return 1;
      }
      if (literal !== undefined || words.length > 0) {
        const r = await client.request('send', { target, literal, keys: words });
        if (failed(r)) return 1;
      }
      return EXIT_OK;
    });
  },
};

function readPaste(file: string): string | { error: string } {
  let data: Buffer;
  try {
    data = fs.readFileSync(file === '-' ? 0 : file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory; --file pastes one file' : (e as Error).message;
    return { error: `cannot read ${file}: ${why}` };
  }
  if (data.length > LIMITS.maxSendBytes) {
    return { error: `${file} is ${data.length} bytes; a paste is limited to ${LIMITS.maxSendBytes} bytes` };
  }
  return data.toString('utf8');
}
