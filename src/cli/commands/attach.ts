import { checkHost, splitRemote } from '../../common/remote-target';
import { printError } from '../io';
import type { CommandSpec } from '../spec';

export const ATTACH_KEYS_HELP =
  'Keys: C-b then d detach, % " split, arrows/o focus, z zoom, x close pane, c new window, n/p/0-9 windows,\n' +
  '[ scrollback, ? all keys, : command prompt. Set SPACES_PREFIX=C-a for another prefix, SPACES_MOUSE=off to leave\n' +
  "the mouse to your terminal, SPACES_COLORS=truecolor if your terminal shows 24-bit colour but doesn't say so.\n" +
  'If the client is killed with -9 and leaves your terminal in a mess, run `reset` (or attach again).';

const REMOTE_HELP =
  '\nRemote: `spaces attach HOST:NAME` runs `ssh -T HOST spaces proxy` (HOST as ssh knows it: an alias from\n' +
  '~/.ssh/config, user@host) and draws the session here; a dropped link is retried by itself (C-c gives up).\n' +
  'After the first colon, digits mean a local window/pane (`auth:1.0`), anything else a session on HOST\n' +
  '(`box:auth`, `box:auth:1.0`); `user@box:` or `--host box` alone picks the session used last there.\n' +
  'SPACES_SSH sets the ssh command (e.g. "ssh -F $HOME/.ssh/work"), SPACES_REMOTE_COMMAND what runs on HOST.';

/** Attaches and returns the exit status; shared by attach, new and bare `spaces`. */
export async function attachTo(target: string, readOnly: boolean, host?: string): Promise<number> {
  const { attach } = await import('../../client/attach');
  const r = await attach({ target, readOnly, host });
  return typeof r === 'number' ? r : printError(r);
}

export const attachCommand: CommandSpec = {
  name: 'attach',
  aliases: ['a'],
  operands: '[target]',
  summary: 'attach this terminal to a session (default: the one used last), here or on HOST:NAME over ssh',
  details: ATTACH_KEYS_HELP + REMOTE_HELP,
  options: [
    { flags: '-r, --read-only', description: 'watch without typing or resizing' },
    { flags: '-H, --host <host>', description: 'attach to TARGET on this ssh host (TARGET is then never split at a colon)' },
  ],
  async run([operand], opts) {
    const text = (operand as string | undefined) ?? '';
    const readOnly = Boolean(opts.readOnly);
    if (typeof opts.host === 'string') {
      const bad = checkHost(opts.host);
      return bad ? printError(bad) : attachTo(text, readOnly, opts.host);
    }
    const remote = splitRemote(text);
    if (typeof remote === 'string') return printError(remote);
    return remote ? attachTo(remote.target, readOnly, remote.host) : attachTo(text, readOnly);
  },
};
