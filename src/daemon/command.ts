/**
 * Turning a `new` request into something we can spawn: the program resolved on the
 * creating client's PATH (so a typo is an error before anything is created, not a
 * pane that dies at once), and the environment the pane runs in.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fail, ok, Result } from '../common/errors';

/** Resolves `file` the way execvp would, using the given PATH. */
export function resolveProgram(file: string, env: Record<string, string>, cwd: string): Result<string> {
  if (file.includes('/')) {
    const full = path.resolve(cwd, file);
    return isExecutable(full) ? ok(full) : fail('spawn-failed', `cannot run '${file}': not an executable file`);
  }
  const dirs = (env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(':').filter(Boolean);
  for (const dir of dirs) {
    const full = path.resolve(cwd, dir, file);
    if (isExecutable(full)) return ok(full);
  }
  return fail('spawn-failed', `command not found: '${file}' (looked in PATH: ${dirs.join(':') || '(empty)'})`);
}

function isExecutable(p: string): boolean {
  try {
    const st = fs.statSync(p);
    if (!st.isFile()) return false;
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Variables a pane must not inherit: they would make programs think they run inside another multiplexer. */
const DROPPED = ['TMUX', 'TMUX_PANE', 'STY', 'WINDOW', 'COLUMNS', 'LINES', 'SPACES_SESSION', 'SPACES_PANE'];

export function paneEnvironment(
  clientEnv: Record<string, string>,
  session: string,
  paneId: number,
  spacesHome: string | undefined,
): Record<string, string> {
  const env: Record<string, string> = { ...clientEnv };
  for (const k of DROPPED) delete env[k];
  env.TERM = 'xterm-256color';
  env.COLORTERM = 'truecolor';
  env.SPACES_SESSION = session;
  env.SPACES_PANE = `%${paneId}`;
  // Commands run inside a pane (`spaces ls`, `spaces send`) must reach this daemon.
  if (spacesHome) env.SPACES_HOME = spacesHome;
  return env;
}

/** The program to run when none is given: the user's login shell. */
export function defaultProgram(env: Record<string, string>): string[] {
  return [env.SHELL || '/bin/sh'];
}

export function describeCommand(argv: string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
