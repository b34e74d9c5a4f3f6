/**
 * Where spaces keeps its socket and state. Pure: computed from the environment
 * and the home directory, so tests can check every rule without touching disk.
 *
 * - SPACES_HOME set (tests, benchmarks, several independent installs): everything
 *   lives in that one directory, which is also the socket directory.
 * - Otherwise state goes to $XDG_STATE_HOME/spaces (~/.local/state/spaces) and the
 *   socket to $XDG_RUNTIME_DIR/spaces when a runtime dir exists (it is per-login
 *   and tmpfs, which is where sockets belong), else next to the state.
 */
import { join, resolve } from 'node:path';

export interface SpacesPaths {
  /** State directory: pid file, log, manifests, output logs. */
  home: string;
  /** Directory holding the socket; must be 0700 and ours. */
  socketDir: string;
  socket: string;
  pidFile: string;
  logFile: string;
  /** Per-session manifests and per-pane output logs. */
  sessionsDir: string;
  configFile: string;
}

/** sockaddr_un.sun_path is 108 bytes including the terminating NUL. */
export const MAX_SOCKET_PATH = 107;

export function resolvePaths(env: NodeJS.ProcessEnv, homedir: string): SpacesPaths {
  const explicit = env.SPACES_HOME;
  let home: string;
  let socketDir: string;
  let configFile: string;
  if (explicit) {
    // Absolute, so that the daemon (which runs from /) and panes agree on it.
    home = resolve(explicit);
    socketDir = home;
    configFile = join(home, 'config.json');
  } else {
    home = join(env.XDG_STATE_HOME || join(homedir, '.local', 'state'), 'spaces');
    socketDir = env.XDG_RUNTIME_DIR ? join(env.XDG_RUNTIME_DIR, 'spaces') : home;
    configFile = join(env.XDG_CONFIG_HOME || join(homedir, '.config'), 'spaces', 'config.json');
  }
  return {
    home,
    socketDir,
    socket: join(socketDir, 'daemon.sock'),
    pidFile: join(home, 'daemon.pid'),
    logFile: join(home, 'daemon.log'),
    sessionsDir: join(home, 'sessions'),
    configFile,
  };
}
