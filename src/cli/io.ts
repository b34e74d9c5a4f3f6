/**
 * Shared helpers for commands: talking to the daemon, and the one-line error
 * convention (`spaces: what went wrong; what to do`, exit status 1).
 */
import type { Result, SpacesError } from '../common/errors';
import type { DaemonClient } from '../client/daemon-client';
import { NO_DAEMON } from '../client/no-daemon';
import { printable } from '../common/printable';
import { pointHintsAt } from '../common/remote-target';

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
/** A command line that cannot work as written (as commander's own parse errors). */
export const EXIT_USAGE = 2;

/** The host a command is talking to (withDaemonAt), so that its errors say where they happened. */
let currentHost: string | undefined;

export function printError(error: SpacesError | string): number {
  let message = typeof error === 'string' ? error : error.message;
  if (currentHost !== undefined) {
    // From another machine: one line, no control characters (see printable.ts).
    message = printable(message, 2000);
    const pointed = pointHintsAt(currentHost, message);
    message = message.startsWith(`${currentHost}: `) ? pointed : `${currentHost}: ${pointed}`;
  }
  process.stderr.write(`spaces: ${message}\n`);
  return EXIT_ERROR;
}

export interface DaemonUse {
  /** Start the daemon if none runs (default true). */
  start?: boolean;
  /** With `start: false`, what to do when no daemon runs. */
  whenAbsent?: () => Promise<number>;
}

/** Connects (starting the daemon when needed), runs `fn`, and always closes the connection. */
export async function withDaemon(fn: (client: DaemonClient) => Promise<number>): Promise<number>;
export async function withDaemon(use: DaemonUse, fn: (client: DaemonClient) => Promise<number>): Promise<number>;
export async function withDaemon(
  a: DaemonUse | ((client: DaemonClient) => Promise<number>),
  b?: (client: DaemonClient) => Promise<number>,
): Promise<number> {
  const use = typeof a === 'function' ? {} : a;
  const fn = typeof a === 'function' ? a : b!;
  const { connectDaemon } = await import('../client/daemon-client');
  const conn = await connectDaemon({ start: use.start });
  if (!conn.ok) {
    if (use.whenAbsent && conn.error.code === 'unavailable' && conn.error.message === NO_DAEMON) return use.whenAbsent();
    return printError(conn.error);
  }
  try {
    return await fn(conn.value);
  } finally {
    conn.value.close();
  }
}

/**
 * Like withDaemon, for a command about one target: `HOST:TARGET` (see
 * common/remote-target.ts) reaches the daemon on HOST over ssh (`spaces proxy`
 * there, as `attach HOST:NAME` does), and `fn` gets the target as HOST knows it.
 */
export async function withDaemonAt(target: string, fn: (client: DaemonClient, target: string) => Promise<number>): Promise<number> {
  const remote = await targetAt(target);
  if (typeof remote === 'string') return printError(remote);
  if (remote.host === undefined) return withDaemon((client) => fn(client, target));
  const { aboutHost } = await import('../common/remote-target');
  const { connectVia } = await import('../client/daemon-client');
  const { sshTransport } = await import('../client/ssh-transport');
  // One host: ssh may ask for a password or a new host key on the terminal.
  const conn = await connectVia(sshTransport(remote.host), 'cli', { interactive: true });
  if (!conn.ok) {
    // `auth:x` may have been meant as a window here; say how the two read.
    const meant = /^[\w-]+$/.test(remote.host)
      ? ` (\`${target}\` is ${remote.target ? `session ${remote.target}` : 'the latest session'} on host ${remote.host}; a window and pane here are numbers: ${remote.host}:0.1)`
      : '';
    return printError(aboutHost(remote.host, printable(conn.error.message, 2000)) + meant);
  }
  currentHost = remote.host;
  try {
    return await fn(conn.value, remote.target);
  } finally {
    currentHost = undefined;
    conn.value.close();
  }
}

/** A target split into its host (undefined: this machine) and the target there; or what is wrong with it. */
export async function targetAt(target: string): Promise<{ host?: string; target: string } | string> {
  const { splitRemote } = await import('../common/remote-target');
  const remote = splitRemote(target);
  return remote ?? { target };
}

/**
 * For what runs on this machine only (grep reads the logs from disk, kill
 * --worktree runs git, resurrect passes our environment): a message telling how to
 * run it on HOST instead, or null when every name is local.
 */
export async function localOnly(command: string, names: string[]): Promise<string | null> {
  for (const name of names) {
    const at = await targetAt(name);
    if (typeof at === 'string') return at;
    if (at.host !== undefined) return `${command} runs on this machine only; for ${at.host}, run it there: ssh ${at.host} spaces ${command} ...`;
  }
  return null;
}

/** A usage mistake: printed like any error, with the usage exit status. */
export function printUsageError(message: string): number {
  printError(message);
  return EXIT_USAGE;
}

/** Prints the error of a failed result and returns the exit code, or undefined on success. */
export function failed<T>(r: Result<T>): r is { ok: false; error: SpacesError } {
  if (!r.ok) printError(r.error);
  return !r.ok;
}

/** Writes to stdout and resolves once it is flushed, so piping into `head` or a file loses nothing. */
export function writeOut(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (text === '') return resolve();
    process.stdout.write(text, () => resolve());
  });
}

export function parseIntOption(value: unknown, name: string, min: number, max: number): number | string {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) return `--${name} must be a whole number from ${min} to ${max}, got '${value}'`;
  return n;
}
