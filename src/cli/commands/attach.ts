import { printError } from '../io';
import type { CommandSpec } from '../spec';

export const ATTACH_KEYS_HELP =
  'Keys: C-b then d detach, % " split, arrows/o focus, z zoom, x close pane, c new window, n/p/0-9 windows,\n' +
  '[ scrollback, ? all keys, : command prompt. Set SPACES_PREFIX=C-a for another prefix, SPACES_MOUSE=off to leave\n' +
  "the mouse to your terminal, SPACES_COLORS=truecolor if your terminal shows 24-bit colour but doesn't say so.\n" +
  'If the client is killed with -9 and leaves your terminal in a mess, run `reset` (or attach again).';

/** Attaches and returns the exit status; shared by attach, new and bare `spaces`. */
export async function attachTo(target: string, readOnly: boolean): Promise<number> {
  const { attach } = await import('../../client/attach');
  const r = await attach({ target, readOnly });
  return typeof r === 'number' ? r : printError(r);
}

export const attachCommand: CommandSpec = {
  name: 'attach',
  aliases: ['a'],
  operands: '[target]',
  summary: 'attach this terminal to a session (default: the one used last); C-b d detaches',
  details: ATTACH_KEYS_HELP,
  options: [{ flags: '-r, --read-only', description: 'watch without typing or resizing' }],
  async run([target], opts) {
    return attachTo((target as string | undefined) ?? '', Boolean(opts.readOnly));
  },
};
