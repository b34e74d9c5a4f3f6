/**
 * Starting the daemon on demand: a detached process in its own session (so a
 * dropped SSH link or a closed terminal never reaches it), its output appended to
 * the daemon log, and a status line on fd 3 telling us when it is ready.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fail, ok, Result } from '../common/errors';
import type { SpacesPaths } from '../common/paths';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../platform/private-dir';

/**
 * The daemon runs regular expressions from the config file (agents' prompt
 * patterns) on screen text. With this flag V8 switches a regex that backtracks
 * excessively to its linear-time engine, so no pattern (`.*.*.*x` on a long line)
 * can freeze the daemon and with it every session.
 */
const DAEMON_NODE_FLAGS = ['--enable-experimental-regexp-engine-on-excessive-backtracks'];

/** A cold daemon start (Node, xterm, node-pty) takes a few hundred ms; allow for a loaded machine. */
const DAEMON_START_TIMEOUT_MS = 15_000;

export async function startDaemon(paths: SpacesPaths): Promise<Result<undefined>> {
  const home = ensurePrivateDir(paths.home, 'spaces state directory');
  if (!home.ok) return home;
  let logFd: number;
  try {
    logFd = fs.openSync(paths.logFile, 'a', PRIVATE_FILE_MODE);
  } catch (e) {
    return fail('unavailable', `cannot open the daemon log ${paths.logFile}: ${(e as Error).message}`);
  }
  const entry = path.join(__dirname, 'daemon.js');
  const env = { ...process.env, SPACES_HOME: process.env.SPACES_HOME ? path.resolve(process.env.SPACES_HOME) : undefined };
  if (env.SPACES_HOME === undefined) delete env.SPACES_HOME;
  const child = spawn(process.execPath, [...DAEMON_NODE_FLAGS, entry], {
    detached: true,
    stdio: ['ignore', logFd, logFd, 'pipe'],
    env,
    cwd: '/',
  });
  fs.closeSync(logFd);
  child.unref();
  const status = child.stdio[3] as NodeJS.ReadableStream | null;
  if (!status) return fail('unavailable', 'could not open a status pipe to the daemon');
  return new Promise((resolve) => {
    let text = '';
    const done = (r: Result<undefined>) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      (status as unknown as { destroy(): void }).destroy();
      resolve(r);
    };
    const timer = setTimeout(
      () => done(fail('unavailable', `the daemon did not start within ${DAEMON_START_TIMEOUT_MS / 1000}s; see ${paths.logFile}`)),
      DAEMON_START_TIMEOUT_MS,
    );
    status.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const nl = text.indexOf('\n');
      if (nl < 0) return;
      const line = text.slice(0, nl);
      if (line === 'ready' || line === 'taken') done(ok(undefined));
      else done(fail('unavailable', line.replace(/^error /, '')));
    });
    child.on('exit', (code) => {
      if (!text.includes('\n')) done(fail('unavailable', `the daemon exited during start-up (code ${code}); see ${paths.logFile}`));
    });
  });
}
