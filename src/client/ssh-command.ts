/**
 * How we run ssh, and what its exit means. Pure: the environment in, an argv out,
 * so every rule is unit-tested without a network.
 *
 * - SPACES_SSH: the ssh command line (default `ssh`), split into words like a
 *   shell would (quotes, backslashes; no `~` or `$VAR` expansion), e.g.
 *   `ssh -F /path/to/config` or `/opt/openssh/bin/ssh`.
 * - SPACES_REMOTE_COMMAND: what ssh runs on the host (default `spaces proxy`),
 *   handed to the remote login shell as is, e.g. `~/.npm-global/bin/spaces proxy`.
 */
import { printable } from '../common/printable';
import { fail, ok, Result } from '../common/errors';
import { splitWords } from '../common/shell-words';

export const DEFAULT_REMOTE_COMMAND = 'spaces proxy';
/** Generous for a slow link: the TCP connection and ssh's greeting, not the login. */
const CONNECT_TIMEOUT_S = 20;

export interface SshInvocation {
  file: string;
  args: string[];
  /** For messages: what ran on the host. */
  remoteCommand: string;
}

export function sshInvocation(host: string, env: NodeJS.ProcessEnv, opts: { batch: boolean }): Result<SshInvocation> {
  const words = splitWords(env.SPACES_SSH?.trim() || 'ssh');
  if (typeof words === 'string') return fail('bad-args', `SPACES_SSH: ${words}`);
  if (words.length === 0) return fail('bad-args', 'SPACES_SSH is empty; unset it or give the ssh command to run');
  const remoteCommand = env.SPACES_REMOTE_COMMAND?.trim() || DEFAULT_REMOTE_COMMAND;
  const args = [
    ...words.slice(1),
    // No remote terminal: the link carries binary frames, and a pty would mangle them.
    '-T',
    // No escape character: a "~." after a newline byte inside a frame would hang up.
    '-e', 'none',
    // The link is a data pipe: no agent or X11 forwarding for a long-lived process
    // to keep (or for a remote daemon started by the proxy to inherit), and no port
    // forwardings from the user's config competing with their interactive ssh.
    '-a', '-x', '-o', 'ClearAllForwardings=yes',
    // A host that does not answer (a typo that reads as an address: `1:x` is
    // 0.0.0.1) is reported instead of hanging a script for minutes, or for good.
    '-o', `ConnectTimeout=${CONNECT_TIMEOUT_S}`,
    // Reconnects happen behind a painted screen, where nobody can answer a prompt.
    ...(opts.batch ? ['-o', 'BatchMode=yes'] : []),
    '--', host, remoteCommand,
  ];
  return ok({ file: words[0], args, remoteCommand });
}

/** ssh's own failures (cannot connect, authentication) all exit with 255. */
const SSH_FAILED = 255;
/** The remote shell's "command not found" and "not executable". */
const NOT_FOUND = 127;
const NOT_EXECUTABLE = 126;

/**
 * One line saying why the link ended, or null for a clean end (exit 0). `stderr`
 * is the tail of what ssh and the remote command printed.
 */
export function describeSshEnd(host: string, remoteCommand: string, code: number | null, signal: string | null, stderr: string): string | null {
  if (code === 0) return null;
  const last = lastMeaningfulLine(stderr);
  if (signal) return `the ssh link to ${host} ended (ssh got ${signal})`;
  if (code === SSH_FAILED) return `cannot reach ${host}: ${last || 'ssh failed (exit 255)'}`;
  if (code === NOT_FOUND || code === NOT_EXECUTABLE) {
    return `'${remoteCommand}' could not run on ${host} (${last || `exit ${code}`}); install spaces there or set SPACES_REMOTE_COMMAND to its full path, e.g. '/usr/local/bin/spaces proxy'`;
  }
  return `'${remoteCommand}' on ${host} failed (exit ${code})${last ? `: ${last}` : ''}`;
}

/** ssh's last line worth showing: not the "added to known hosts" chatter. */
function lastMeaningfulLine(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => printable(l))
    .filter((l) => l !== '' && !/^Warning: Permanently added/.test(l));
  return lines[lines.length - 1] ?? '';
}
