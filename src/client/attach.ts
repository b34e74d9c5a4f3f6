/**
 * `spaces attach`: connects, asks to attach, then hands the terminal to an
 * AttachSession until it ends, restoring the terminal on every way out. A local
 * view talks to this machine's daemon over its socket; a remote one (`HOST:NAME`)
 * goes through ssh and a ReconnectingLink, which outlives dropped links.
 */
import { fail, ok, Result, SpacesError } from '../common/errors';
import type { AttachLink } from './attach-link';
import { connectDaemon } from './daemon-client';
import { ReconnectingLink } from './reconnecting-link';
import { sshTransport } from './ssh-transport';
import { AttachSession } from './attach-session';
import { DEFAULT_BINDINGS, DEFAULT_PREFIX, prefixByte } from './bindings';
import { detectColorDepth } from './color-depth';
import { UserTerminal } from './user-terminal';

export interface AttachRequest {
  /** Session (or `NAME:W.P`); empty for the most recently used. */
  target: string;
  readOnly: boolean;
  /** An ssh host: attach to the daemon there. */
  host?: string;
}

/** Runs the attached view; returns its exit status, or an error from before the terminal was taken over. */
export async function attach(req: AttachRequest): Promise<number | SpacesError> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    return fail('bad-args', 'attach needs a terminal on stdin and stdout; to script a session use send, capture and wait').error;
  }
  const prefixName = process.env.SPACES_PREFIX || DEFAULT_PREFIX;
  const code = prefixByte(prefixName);
  if (code === null) return fail('bad-args', `SPACES_PREFIX '${prefixName}' is not a control key; use a name like C-b or C-a`).error;
  const term = new UserTerminal({ input: process.stdin, output: process.stdout }, process.env.SPACES_MOUSE !== 'off');
  let client: AttachLink;
  /** Attaches; says what the active pane printed since the last detach, when the daemon is local and knows. */
  let attachFirst: () => Promise<Result<{ away?: { lines: number } }>>;
  let remote: ReconnectingLink | undefined;
  if (req.host) {
    // Every reattach names the session as it is called now, never the first
    // target's window and pane: re-selecting those would undo the user's moves.
    remote = new ReconnectingLink(sshTransport(req.host), () => ({
      target: session.sessionName || req.target,
      cols: term.cols,
      rows: term.rows,
      readOnly: req.readOnly,
    }));
    client = remote;
    const link = remote;
    attachFirst = async () => {
      const r = await link.connect();
      return r.ok ? ok({}) : r;
    };
  } else {
    const conn = await connectDaemon({ role: 'attach' });
    if (!conn.ok) return conn.error;
    const local = conn.value;
    client = local;
    // Only this machine's daemon knows our pane: a remote one has its own %IDs.
    const fromPane = /^%\d+$/.test(process.env.SPACES_PANE ?? '') ? process.env.SPACES_PANE : undefined;
    attachFirst = () => local.request('attach', { target: req.target, cols: term.cols, rows: term.rows, readOnly: req.readOnly, fromPane });
  }
  const session: AttachSession = new AttachSession(client, term, {
    readOnly: req.readOnly,
    prefix: String.fromCharCode(code),
    prefixName,
    bindings: DEFAULT_BINDINGS,
    depth: detectColorDepth(process.env),
    host: req.host,
  });
  if (remote) remote.onState = (state) => session.setLinkState(state);
  const onExit = () => term.restore();
  const onSignal = (sig: NodeJS.Signals) => {
    if (sig !== 'SIGHUP') session.detach();
    session.finish(0, sig === 'SIGHUP' ? '' : `[detached (from session ${session.sessionName}): ${sig}]`);
  };
  const onCrash = (e: unknown) => {
    term.restore();
    process.stderr.write(`spaces: the client failed and detached (your session keeps running): ${(e as Error)?.stack ?? e}\n`);
    process.exit(1);
  };
  process.on('exit', onExit);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  // Handlers first: frames may arrive (and fail) in the same read as the reply.
  const onData = (d: string) => session.onInput(d);
  const onResize = () => session.onResize();
  // Leaves the process as it found it: `spaces grid` attaches and comes back, again and again.
  const cleanup = () => {
    process.off('exit', onExit);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    process.stdin.off('data', onData);
    process.stdout.off('resize', onResize);
    process.stdin.pause();
  };
  const r = await attachFirst();
  if (!r.ok) {
    client.close();
    cleanup();
    return r.error;
  }

  process.stdin.setEncoding('utf8');
  process.stdin.on('data', onData);
  // Someone before us (the grid) may have paused stdin; a new listener alone would not resume it.
  process.stdin.resume();
  process.stdout.on('resize', onResize);

  session.start();
  const away = r.value.away;
  // Short enough for the status line; `spaces replay NAME --since-detach` prints them.
  if (away && away.lines > 0) {
    session.awayLines = away.lines;
    session.showMessage(`${away.lines} line${away.lines === 1 ? '' : 's'} since you left · ${prefixName} [ reads from there`);
  }
  const status = await session.exited;
  cleanup();
  return status;
}
