/**
 * The socket directory is the only thing standing between other local users and
 * every keystroke typed into every session, so both the daemon and the client
 * insist that it is a real directory, owned by us, with mode 0700 (tmux does the
 * same for its socket directory). A wrong directory is refused with a message that
 * says how to fix it, never silently chmod-ed: it may not be ours to change.
 */
import * as fs from 'node:fs';
import { fail, ok, Result } from '../common/errors';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` (0700) if missing, then checks owner and mode. */
export function ensurePrivateDir(dir: string, what = 'spaces directory'): Result<void> {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  } catch (e) {
    return fail('unavailable', `cannot create ${what} ${dir}: ${(e as Error).message}`);
  }
  return checkPrivateDir(dir, what);
}

export function checkPrivateDir(dir: string, what = 'spaces directory'): Result<void> {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(dir);
  } catch (e) {
    return fail('unavailable', `cannot inspect ${what} ${dir}: ${(e as Error).message}`);
  }
  if (!st.isDirectory()) {
    return fail('unavailable', `${what} ${dir} is not a directory; remove it or set SPACES_HOME elsewhere`);
  }
  const uid = process.getuid?.() ?? st.uid;
  if (st.uid !== uid) {
    return fail(
      'unavailable',
      `${what} ${dir} is owned by uid ${st.uid}, not by you (uid ${uid}); use a directory you own (set SPACES_HOME)`,
    );
  }
  const mode = st.mode & 0o777;
  if (mode !== PRIVATE_DIR_MODE) {
    return fail(
      'unavailable',
      `${what} ${dir} has mode ${mode.toString(8).padStart(4, '0')}; other users could reach your sessions. ` +
        `Fix it with: chmod 700 ${dir}`,
    );
  }
  return ok(undefined);
}
