/**
 * `spaces attach`: connects, asks to attach, then hands the terminal to an
 * AttachSession until it ends, restoring the terminal on every way out.
 */
import { fail, SpacesError } from '../common/errors';
import { connectDaemon } from './daemon-client';
import { AttachSession } from './attach-session';
import { DEFAULT_BINDINGS, DEFAULT_PREFIX, prefixByte } from './bindings';
import { detectColorDepth } from './color-depth';
import { UserTerminal } from './user-terminal';

export interface AttachRequest {
  /** Session (or `NAME:W.P`); empty for the most recently used. */
  target: string;
  readOnly: boolean;
}

/** Runs the attached view; returns its exit status, or an error from before the terminal was taken over. */
export async function attach(req: AttachRequest): Promise<number | SpacesError> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    return fail('bad-args', 'attach needs a terminal on stdin and stdout; to script a session use send, capture and wait').error;
  }
  const prefixName = process.env.SPACES_PREFIX || DEFAULT_PREFIX;
  const code = prefixByte(prefixName);
  if (code === null) return fail('bad-args', `SPACES_PREFIX '${prefixName}' is not a control key; use a name like C-b or C-a`).error;
  const conn = await connectDaemon({ role: 'attach' });
  if (!conn.ok) return conn.error;
  const client = conn.value;
  const term = new UserTerminal({ input: process.stdin, output: process.stdout }, process.env.SPACES_MOUSE !== 'off');
  const session = new AttachSession(client, term, {
    readOnly: req.readOnly,
    prefix: String.fromCharCode(code),
    prefixName,
    bindings: DEFAULT_BINDINGS,
    depth: detectColorDepth(process.env),
  });
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
  const fromPane = /^%\d+$/.test(process.env.SPACES_PANE ?? '') ? process.env.SPACES_PANE : undefined;
  const r = await client.request('attach', { target: req.target, cols: term.cols, rows: term.rows, readOnly: req.readOnly, fromPane });
  if (!r.ok) {
    client.close();
    return r.error;
  }

  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (d: string) => session.onInput(d));
  process.stdout.on('resize', () => session.onResize());

  session.start();
  const status = await session.exited;
  process.stdin.pause();
  process.stdin.removeAllListeners('data');
  return status;
}
